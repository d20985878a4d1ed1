/**
 * A small WAV (RIFF) reader and writer: PCM 8/16/24/32-bit and IEEE float 32/64 in, 16-bit PCM out.
 * Enough for `{ sampleRate, data }` audio without a native dependency; other formats stay files.
 */
import { fail } from "./payload.js";

export interface DecodedWav {
  sampleRate: number;
  channels: number;
  /** Interleaved samples in [-1, 1]. */
  data: Float32Array;
}

interface WavFormat {
  code: number;
  channels: number;
  sampleRate: number;
  bits: number;
}

/**
 * Decodes a WAV file; refuses anything that is not RIFF/WAVE or has more than `maxSamples` samples.
 * No size in the header is trusted: the samples are counted from the bytes really present, and the
 * limit is checked before the output is allocated.
 */
export function decodeWav(bytes: Uint8Array, maxSamples = 200_000_000): DecodedWav {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
  if (bytes.length < 12 || tag(0) !== "RIFF" || tag(8) !== "WAVE")
    fail("the audio is not a WAV file; only WAV can be decoded into samples");
  let offset = 12;
  let format: WavFormat | null = null;
  while (offset + 8 <= bytes.length) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === "fmt ") {
      if (size < 16 || body + 16 > bytes.length) fail("the WAV file has a broken format chunk");
      let code = view.getUint16(body, true);
      // WAVE_FORMAT_EXTENSIBLE: the real code is the first two bytes of the sub-format GUID.
      if (code === 0xfffe && size >= 26 && body + 26 <= bytes.length) code = view.getUint16(body + 24, true);
      format = checkFormat({
        code,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bits: view.getUint16(body + 14, true),
      });
    } else if (id === "data") {
      if (!format) fail("the WAV file has data before its format chunk");
      // A data size of 0xFFFFFFFF (streamed WAV) or any other lie ends at the last byte really sent.
      const end = Math.min(bytes.length, body + size);
      return {
        sampleRate: format.sampleRate,
        channels: format.channels,
        data: readSamples(view, body, end, format, maxSamples),
      };
    }
    offset = body + size + (size % 2);
  }
  return fail("the WAV file has no data chunk");
}

/** Refuses encodings this reader cannot read before any sample is allocated. */
function checkFormat(format: WavFormat): WavFormat {
  const { code, channels, sampleRate, bits } = format;
  const pcm = code === 1 && [8, 16, 24, 32].includes(bits);
  const float = code === 3 && (bits === 32 || bits === 64);
  if (code !== 1 && code !== 3) fail(`unsupported WAV encoding (format code ${code})`);
  if (!pcm && !float) fail(`unsupported WAV sample size ${bits} bits`);
  if (channels < 1 || channels > 64) fail(`the WAV file claims ${channels} channels; 1–64 are supported`);
  if (sampleRate < 1 || sampleRate > 1_000_000) fail(`the WAV file claims a sample rate of ${sampleRate} Hz`);
  return format;
}

function readSamples(view: DataView, start: number, end: number, format: WavFormat, maxSamples: number): Float32Array {
  const { code, bits, channels } = format;
  const width = bits / 8;
  const frames = Math.floor((end - start) / width / channels);
  const count = frames * channels;
  if (count > maxSamples) fail(`the WAV file has ${count} samples, more than the ${maxSamples} allowed (maxSamples)`);
  const read = sampleReader(view, code, bits);
  const out = new Float32Array(count);
  for (let i = 0, at = start; i < count; i++, at += width) out[i] = read(at);
  return out;
}

/** One reader per encoding, chosen once rather than per sample. */
function sampleReader(view: DataView, code: number, bits: number): (at: number) => number {
  if (code === 3) return bits === 64 ? (at) => view.getFloat64(at, true) : (at) => view.getFloat32(at, true);
  if (bits === 8) return (at) => (view.getUint8(at) - 128) / 128;
  if (bits === 16) return (at) => view.getInt16(at, true) / 32768;
  if (bits === 24)
    return (at) => (view.getUint8(at) | (view.getUint8(at + 1) << 8) | (view.getInt8(at + 2) << 16)) / 8388608;
  return (at) => view.getInt32(at, true) / 2147483648;
}

/** Encodes interleaved samples as 16-bit PCM WAV. Floats are taken as [-1, 1]; an Int16Array as is. */
export function encodeWav(
  samples: Float32Array | Int16Array | readonly number[],
  sampleRate: number,
  channels = 1,
): Uint8Array {
  if (!Number.isInteger(sampleRate) || sampleRate <= 0 || sampleRate > 1_000_000)
    fail(`sampleRate must be a positive integer, got ${sampleRate}`);
  if (!Number.isInteger(channels) || channels < 1 || channels > 32) fail(`channels must be 1–32, got ${channels}`);
  if (samples.length % channels !== 0) fail(`${samples.length} samples do not divide into ${channels} channels`);
  const bytes = new Uint8Array(44 + samples.length * 2);
  const view = new DataView(bytes.buffer);
  const ascii = (at: number, text: string) => [...text].forEach((c, i) => (bytes[at + i] = c.charCodeAt(0)));
  ascii(0, "RIFF");
  view.setUint32(4, 36 + samples.length * 2, true);
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * channels * 2, true);
  view.setUint16(32, channels * 2, true);
  view.setUint16(34, 16, true);
  ascii(36, "data");
  view.setUint32(40, samples.length * 2, true);
  const isInt = samples instanceof Int16Array;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i]!;
    const value = isInt ? s : Math.round(Math.max(-1, Math.min(1, Number.isFinite(s) ? s : 0)) * 32767);
    view.setInt16(44 + i * 2, value, true);
  }
  return bytes;
}
