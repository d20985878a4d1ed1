/**
 * Audio files into samples for `Audio({ type: "samples" })`: WAV by our own reader, MP3, FLAC and Ogg
 * Vorbis by the WebAssembly builds of mpg123, libFLAC and libvorbis (no ffmpeg, no native code). The
 * decoders load on first use, so apps that never decode pay nothing. The format is told by the file's
 * bytes, never by its name.
 */
import { InputValidationError } from "../errors.js";
import { fail } from "./payload.js";
import { decodeWav, type DecodedWav } from "./wav.js";

type Format = "wav" | "mp3" | "flac" | "vorbis" | "opus" | "unknown";

const ascii = (bytes: Uint8Array, from: number, length: number) =>
  String.fromCharCode(...bytes.subarray(from, from + length));

export function audioFormat(bytes: Uint8Array): Format {
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 4) === "WAVE") return "wav";
  if (ascii(bytes, 0, 4) === "fLaC") return "flac";
  if (ascii(bytes, 0, 4) === "OggS") {
    const head = ascii(bytes, 0, Math.min(bytes.length, 128));
    if (head.includes("\u0001vorbis")) return "vorbis";
    if (head.includes("OpusHead")) return "opus";
    return "unknown";
  }
  // An ID3 tag, or an MPEG audio frame sync (11 set bits) with layer III.
  if (ascii(bytes, 0, 3) === "ID3") return "mp3";
  if (bytes.length > 2 && bytes[0] === 0xff && (bytes[1]! & 0xe0) === 0xe0 && (bytes[1]! & 0x06) === 0x02) return "mp3";
  return "unknown";
}

interface Decoded {
  channelData: Float32Array[];
  samplesDecoded: number;
  sampleRate: number;
}

/** Decoded audio as it came out of the decoder: per channel, the pieces of each call, in order. */
interface DecodedParts {
  parts: Float32Array[][];
  frames: number;
  sampleRate: number;
}

/**
 * How many samples the file says it holds, read before decoding, so an honest header over the limit is
 * refused without decoding anything. Only a shortcut: a header may lie or say "unknown" (null), and the
 * limit is enforced while decoding whatever it says.
 */
export function declaredSamples(format: "flac" | "vorbis", bytes: Uint8Array): number | null {
  if (format === "flac") {
    if (bytes.length < 8 + 18) return null;
    const info = bytes.subarray(8);
    const channels = ((info[12]! >> 1) & 0x07) + 1;
    const frames =
      (info[13]! & 0x0f) * 2 ** 32 + ((info[14]! << 24) >>> 0) + (info[15]! << 16) + (info[16]! << 8) + info[17]!;
    return frames === 0 ? null : frames * channels;
  }
  const text = ascii(bytes, 0, Math.min(bytes.length, 128));
  const id = text.indexOf("\u0001vorbis");
  const lastPage = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).lastIndexOf("OggS");
  if (id < 0 || lastPage < 0 || lastPage + 14 > bytes.length) return null;
  const channels = bytes[id + 11]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset + lastPage + 6, 8);
  const frames = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  return frames * Math.max(1, channels);
}

const tooMany = (count: number, maxSamples: number) =>
  fail(`the audio has ${count} samples, more than the ${maxSamples} allowed (maxSamples)`);

/** Mono or stereo, from the first MPEG frame header (after any ID3v2 tag): mpg123 always hands out two channels. */
export function mp3Channels(bytes: Uint8Array): number {
  let at = 0;
  if (ascii(bytes, 0, 3) === "ID3" && bytes.length >= 10)
    at = 10 + ((bytes[6]! & 0x7f) << 21) + ((bytes[7]! & 0x7f) << 14) + ((bytes[8]! & 0x7f) << 7) + (bytes[9]! & 0x7f);
  for (; at + 3 < bytes.length; at++) {
    if (bytes[at] === 0xff && (bytes[at + 1]! & 0xe0) === 0xe0) return bytes[at + 3]! >> 6 === 3 ? 1 : 2;
  }
  return 2;
}

/**
 * How far one decoder can blow up its input: at most `perByte` samples per input byte, plus `carry`
 * samples from a frame (or Ogg page) begun in an earlier chunk. Input is fed in chunks small enough
 * that one call cannot pass the samples still allowed by much, whatever the file's header claims.
 */
interface Expansion {
  perByte: number;
  carry: number;
}

/**
 * FLAC: a frame of 65535 samples × 8 channels in CONSTANT subframes fits in about 22 bytes (8 header,
 * 8 × 1.5 subframes, 2 CRC): ~24,000 samples a byte. This is what makes a 13 KB file 262 M samples.
 */
const FLAC_EXPANSION: Expansion = { perByte: 24_000, carry: 65_535 * 8 };
/** MPEG audio: 1152 samples × 2 channels from a free-format frame of a few dozen bytes, generously. */
const MPEG_EXPANSION: Expansion = { perByte: 128, carry: 1152 * 2 };
const MIN_CHUNK = 256;
const MAX_CHUNK = 64 * 1024;
/** Vorbis channel layouts are defined up to 8; more would let one Ogg page decode to a gigabyte. */
const MAX_VORBIS_CHANNELS = 8;

/**
 * Vorbis: a packet of one byte can be a long block of silence, `blocksize_1 / 2` samples per channel,
 * and one Ogg page can end 255 packets. Both numbers come from the identification header on the first
 * page, which the decoder itself is set up from (it refuses a second one), so they bind it.
 */
export function vorbisExpansion(bytes: Uint8Array): Expansion {
  const segments = bytes.length > 26 ? bytes[26]! : 0;
  const id = 27 + segments;
  if (bytes.length < id + 30 || bytes[id] !== 1 || ascii(bytes, id + 1, 6) !== "vorbis") {
    fail("the Ogg Vorbis audio has no identification header on its first page (a damaged file?)");
  }
  const channels = bytes[id + 11]!;
  if (channels < 1 || channels > MAX_VORBIS_CHANNELS)
    fail(`Ogg Vorbis with ${channels} channels cannot be decoded here (1–${MAX_VORBIS_CHANNELS})`);
  // The long block size is 2^(high nibble); libvorbis accepts 2^6…2^13.
  const longBlock = 2 ** Math.min(13, Math.max(6, bytes[id + 28]! >> 4));
  const perPacket = (longBlock / 2) * channels;
  return { perByte: perPacket, carry: 255 * perPacket };
}

/** The common shape of the WebAssembly decoders' streaming side. */
interface ChunkDecoder {
  decode(chunk: Uint8Array): Decoded | Promise<Decoded>;
  /** Decodes what the parser still holds; absent for mpg123, which holds nothing back. */
  flush?(): Promise<Decoded>;
}

/**
 * Feeds `bytes` to `decoder` in chunks sized from the samples still allowed, keeping each call's output
 * and stopping (with the limit in the message) as soon as the total passes `maxSamples`. The event loop
 * gets a turn every so often, so one long upload cannot stall health checks or other requests.
 */
async function decodeInChunks(
  decoder: ChunkDecoder,
  bytes: Uint8Array,
  maxSamples: number,
  expansion: Expansion,
  keepChannels?: number,
): Promise<DecodedParts> {
  const kept: Float32Array[][] = [];
  let frames = 0;
  let sampleRate = 0;
  let lastTurn = performance.now();
  const take = (part: Decoded) => {
    if (part.samplesDecoded === 0) return;
    const channels = part.channelData.slice(0, keepChannels ?? part.channelData.length);
    if (kept.length > 0 && channels.length !== kept.length)
      fail("the audio changes its number of channels midway, which is not supported");
    const count = (frames + part.samplesDecoded) * channels.length;
    if (count > maxSamples) tooMany(count, maxSamples);
    sampleRate = part.sampleRate;
    channels.forEach((channel, c) => (kept[c] ??= []).push(exactly(channel, part.samplesDecoded)));
    frames += part.samplesDecoded;
  };
  for (let offset = 0; offset < bytes.length;) {
    const allowed = maxSamples - frames * Math.max(1, kept.length) - expansion.carry;
    const size = Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, Math.floor(allowed / expansion.perByte)));
    take(await decoder.decode(bytes.subarray(offset, offset + size)));
    offset += size;
    if (performance.now() - lastTurn > 20) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      lastTurn = performance.now();
    }
  }
  if (decoder.flush) take(await decoder.flush());
  return { parts: kept, frames, sampleRate };
}

/** `length` samples of a channel: cut, or padded with silence when a decoder handed back fewer. */
function exactly(channel: Float32Array, length: number): Float32Array {
  if (channel.length === length) return channel;
  const out = new Float32Array(length);
  out.set(channel.subarray(0, length));
  return out;
}

function concat(parts: Float32Array[]): Float32Array {
  // A lone part is handed on only when it owns its whole buffer (a trimmed view would expose the rest).
  const only = parts.length === 1 ? parts[0]! : undefined;
  if (only && only.byteOffset === 0 && only.byteLength === only.buffer.byteLength) return only;
  const out = new Float32Array(parts.reduce((total, part) => total + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Loads the decoder for `format` and frees it (and its WebAssembly memory) however decoding ends. */
async function decodeCompressed(
  format: "mp3" | "flac" | "vorbis",
  bytes: Uint8Array,
  maxSamples: number,
): Promise<DecodedParts> {
  if (format !== "mp3") {
    const declared = declaredSamples(format, bytes);
    if (declared !== null && declared > maxSamples) tooMany(declared, maxSamples);
  }
  if (format === "mp3") {
    const decoder = new (await import("mpg123-decoder")).MPEGDecoder();
    await decoder.ready;
    try {
      return await decodeInChunks(decoder, bytes, maxSamples, MPEG_EXPANSION, mp3Channels(bytes));
    } finally {
      decoder.free();
    }
  }
  const expansion = format === "flac" ? FLAC_EXPANSION : vorbisExpansion(bytes);
  const decoder =
    format === "flac"
      ? new (await import("@wasm-audio-decoders/flac")).FLACDecoder()
      : new (await import("@wasm-audio-decoders/ogg-vorbis")).OggVorbisDecoder();
  await decoder.ready;
  try {
    return await decodeInChunks(decoder, bytes, maxSamples, expansion);
  } finally {
    decoder.free();
  }
}

/**
 * Interleaves per-channel samples, as `{ sampleRate, channels, data }` carries them, straight from the
 * decoder's pieces, so a legitimate file at the limit is held twice at most, not three times.
 */
function interleave(decoded: DecodedParts, maxSamples: number): DecodedWav {
  const channels = decoded.parts.length;
  const { frames, sampleRate } = decoded;
  if (channels === 0 || frames === 0) fail("the audio file holds no samples that could be decoded");
  if (frames * channels > maxSamples) tooMany(frames * channels, maxSamples);
  if (channels === 1) return { sampleRate, channels, data: concat(decoded.parts[0]!) };
  const data = new Float32Array(frames * channels);
  decoded.parts.forEach((pieces, c) => {
    let frame = 0;
    for (const piece of pieces) {
      for (let i = 0; i < piece.length; i++) data[(frame + i) * channels + c] = piece[i]!;
      frame += piece.length;
    }
  });
  return { sampleRate, channels, data };
}

/** Decodes WAV, MP3, FLAC or Ogg Vorbis; anything else is refused with a message saying what works. */
export async function decodeAudio(bytes: Uint8Array, maxSamples: number): Promise<DecodedWav> {
  const format = audioFormat(bytes);
  if (format === "wav") return decodeWav(bytes, maxSamples);
  if (format === "opus")
    fail('Opus audio cannot be decoded into samples here; send WAV, MP3, FLAC or Ogg Vorbis, or use type "filepath"');
  if (format === "unknown")
    fail(
      'the audio is not WAV, MP3, FLAC or Ogg Vorbis, so it cannot be decoded into samples (use type "filepath" for other formats)',
    );
  let decoded: DecodedParts;
  try {
    decoded = await decodeCompressed(format, bytes, maxSamples);
  } catch (error) {
    if (error instanceof InputValidationError) throw error;
    fail(
      `the ${format === "vorbis" ? "Ogg Vorbis" : format.toUpperCase()} audio could not be decoded (a damaged file?)`,
    );
  }
  return interleave(decoded, maxSamples);
}
