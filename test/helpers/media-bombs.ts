/**
 * Small files that decode to far more than they weigh ("decompression bombs"), built in code so a test
 * says exactly what it sends: FLAC of CONSTANT frames, Ogg Vorbis of one-byte silent packets, MP3 of
 * empty frames, WAV with a lying header, and images whose size is all in their header.
 */
import sharp from "sharp";

/** MSB-first bit writer, as FLAC packs its headers. */
class BitWriter {
  readonly bytes: number[] = [];
  #bits = 0;
  #count = 0;

  write(value: number, width: number): void {
    for (let i = width - 1; i >= 0; i--) {
      this.#bits = (this.#bits << 1) | (Math.floor(value / 2 ** i) & 1);
      if (++this.#count === 8) this.#flush();
    }
  }

  align(): void {
    while (this.#count !== 0) this.write(0, 1);
  }

  #flush(): void {
    this.bytes.push(this.#bits & 0xff);
    this.#bits = 0;
    this.#count = 0;
  }
}

function crc8(bytes: readonly number[]): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let i = 0; i < 8; i++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
  }
  return crc;
}

function crc16(bytes: readonly number[]): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x8005) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/** FLAC's "UTF-8" coding of a frame number. */
function utf8Number(n: number): number[] {
  if (n < 0x80) return [n];
  const length = [0x800, 0x10000, 0x200000, 0x4000000].findIndex((limit) => n < limit) + 2 || 6;
  const tail: number[] = [];
  let rest = n;
  for (let i = 1; i < length; i++) {
    tail.unshift(0x80 | (rest & 0x3f));
    rest = Math.floor(rest / 64);
  }
  return [((0xff << (8 - length)) & 0xff) | rest, ...tail];
}

export interface FlacOptions {
  channels: number;
  bitsPerSample: number;
  sampleRate: number;
  blockSize: number;
  frames: number;
  /** What STREAMINFO claims; 0 means "unknown", which is what the bomb relies on. */
  declaredSamples: number;
  /** Each frame's samples, per channel; CONSTANT frames of this value when a number. */
  content: number | ((frame: number, channel: number) => Int32Array);
}

/** A FLAC file with CONSTANT (or VERBATIM, for real content) subframes and independent channels. */
export function flacFile(o: FlacOptions): Buffer {
  const info = new BitWriter();
  info.write(o.blockSize, 16);
  info.write(o.blockSize, 16);
  info.write(0, 24);
  info.write(0, 24);
  info.write(o.sampleRate, 20);
  info.write(o.channels - 1, 3);
  info.write(o.bitsPerSample - 1, 5);
  info.write(o.declaredSamples, 36);
  for (let i = 0; i < 16; i++) info.write(0, 8);
  const parts: Buffer[] = [Buffer.from("fLaC"), Buffer.from([0x80, 0, 0, 34]), Buffer.from(info.bytes)];
  for (let frame = 0; frame < o.frames; frame++) parts.push(flacFrame(o, frame));
  return Buffer.concat(parts);
}

const RATE_CODES: Record<number, number> = { 8000: 4, 16000: 5, 22050: 6, 24000: 7, 32000: 8, 44100: 9, 48000: 10 };
const SIZE_CODES: Record<number, number> = { 8: 1, 12: 2, 16: 4, 20: 5, 24: 6 };
const fail = (message: string): never => {
  throw new Error(message);
};

function flacFrame(o: FlacOptions, frame: number): Buffer {
  const head = new BitWriter();
  head.write(0xfff8, 16); // sync, fixed block size
  head.write(7, 4); // block size: 16 bits at the end of the header
  // Each frame says its own rate and sample size: the decoder sees frames, not STREAMINFO.
  head.write(RATE_CODES[o.sampleRate] ?? fail(`no FLAC rate code for ${o.sampleRate}`), 4);
  head.write(o.channels - 1, 4); // independent channels
  head.write(SIZE_CODES[o.bitsPerSample] ?? fail(`no FLAC size code for ${o.bitsPerSample}`), 3);
  head.write(0, 1);
  for (const byte of utf8Number(frame)) head.write(byte, 8);
  head.write(o.blockSize - 1, 16);
  const bits = new BitWriter();
  for (const byte of [...head.bytes, crc8(head.bytes)]) bits.write(byte, 8);
  for (let c = 0; c < o.channels; c++) {
    const width = o.bitsPerSample;
    const toUnsigned = (v: number) => (v < 0 ? v + 2 ** width : v);
    if (typeof o.content === "number") {
      bits.write(0, 8); // CONSTANT
      bits.write(toUnsigned(o.content), width);
    } else {
      bits.write(0b00000010, 8); // VERBATIM
      for (const sample of o.content(frame, c)) bits.write(toUnsigned(sample), width);
    }
  }
  bits.align();
  const crc = crc16(bits.bytes);
  return Buffer.from([...bits.bytes, crc >> 8, crc & 0xff]);
}

const OGG_CRC = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

function oggPage(packets: readonly Buffer[], serial: number, sequence: number, granule: number, flags: number): Buffer {
  const lacing = packets.flatMap((p) => [...Array<number>(Math.floor(p.length / 255)).fill(255), p.length % 255]);
  const header = Buffer.alloc(27 + lacing.length);
  header.write("OggS", 0, "ascii");
  header[5] = flags;
  header.writeUInt32LE(granule % 2 ** 32, 6);
  header.writeUInt32LE(Math.floor(granule / 2 ** 32), 10);
  header.writeUInt32LE(serial, 14);
  header.writeUInt32LE(sequence, 18);
  header[26] = lacing.length;
  lacing.forEach((value, i) => (header[27 + i] = value));
  const page = Buffer.concat([header, ...packets]);
  let crc = 0;
  for (const byte of page) crc = ((crc << 8) ^ OGG_CRC[((crc >>> 24) ^ byte) & 0xff]!) >>> 0;
  page.writeUInt32LE(crc, 22);
  return page;
}

/** Splits an Ogg file into its pages (header and body together). */
function oggPages(file: Buffer): Buffer[] {
  const pages: Buffer[] = [];
  for (let at = 0; at + 27 <= file.length;) {
    const segments = file[at + 26]!;
    const size = 27 + segments + [...file.subarray(at + 27, at + 27 + segments)].reduce((a, b) => a + b, 0);
    pages.push(file.subarray(at, at + size));
    at += size;
  }
  return pages;
}

/**
 * The header pages of a real Ogg Vorbis file followed by `pages` pages of 255 one-byte audio packets,
 * each a long block whose only channel is flagged unused: silence, about 1000 samples per byte. The
 * granule positions claim nothing (0), and the last page claims 0 too.
 */
export function oggVorbisBomb(realFile: Buffer, pages: number, packetByte: number): Buffer {
  const all = oggPages(realFile);
  // A Vorbis stream has three header packets; in libvorbis' output they fill the first two pages.
  const headers = all.slice(0, 2);
  const serial = headers[0]!.readUInt32LE(14);
  const packets = Array.from({ length: 255 }, () => Buffer.from([packetByte]));
  const body = Array.from({ length: pages }, (_, i) => oggPage(packets, serial, 2 + i, 0, i === pages - 1 ? 4 : 0));
  return Buffer.concat([...headers, ...body]);
}

/** MPEG-1 Layer III frames at 32 kb/s, 48 kHz, with empty side information: 96 bytes of silence each. */
export function mp3Silence(frames: number, stereo = true): Buffer {
  const frame = Buffer.alloc(96);
  frame[0] = 0xff;
  frame[1] = 0xfb; // MPEG-1, layer III, no CRC
  frame[2] = 0x14; // 32 kb/s, 48 kHz, no padding
  frame[3] = stereo ? 0x00 : 0xc0;
  return Buffer.concat(Array.from({ length: frames }, () => frame));
}

/** A WAV whose header says its data chunk holds 0xFFFFFFFF bytes whatever it really holds. */
export function wavLyingHeader(dataBytes: number, channels = 1, bits = 16): Buffer {
  const out = Buffer.alloc(44 + dataBytes);
  out.write("RIFF", 0, "ascii");
  out.writeUInt32LE(0xffffffff, 4);
  out.write("WAVEfmt ", 8, "ascii");
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20);
  out.writeUInt16LE(channels, 22);
  out.writeUInt32LE(8000, 24);
  out.writeUInt32LE((8000 * channels * bits) / 8, 28);
  out.writeUInt16LE((channels * bits) / 8, 32);
  out.writeUInt16LE(bits, 34);
  out.write("data", 36, "ascii");
  out.writeUInt32LE(0xffffffff, 40);
  return out;
}

/** A PNG of one colour, `width`×`height`: a few kilobytes that decode to width × height × 3 bytes. */
export function pngBomb(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: "#ffffff" }, limitInputPixels: false })
    .png({ compressionLevel: 9 })
    .toBuffer();
}

/** A valid tiny PNG whose IHDR is rewritten to claim `width`×`height` (with a fixed CRC). */
export async function pngHeaderClaims(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(
    await sharp({ create: { width: 4, height: 4, channels: 3, background: "#000" } })
      .png()
      .toBuffer(),
  );
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(pngCrc(png.subarray(12, 29)), 29);
  return png;
}

function pngCrc(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
