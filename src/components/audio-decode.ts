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

const ascii = (bytes: Uint8Array, from: number, length: number) => String.fromCharCode(...bytes.subarray(from, from + length));

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

/**
 * How many samples the file says it holds, read before decoding: a small file of silence can decode to
 * gigabytes, so the limit is checked first. Null when the header does not say (the limit then holds
 * while decoding).
 */
export function declaredSamples(format: "flac" | "vorbis", bytes: Uint8Array): number | null {
  if (format === "flac") {
    if (bytes.length < 8 + 18) return null;
    const info = bytes.subarray(8);
    const channels = ((info[12]! >> 1) & 0x07) + 1;
    const frames = (info[13]! & 0x0f) * 2 ** 32 + ((info[14]! << 24) >>> 0) + (info[15]! << 16) + (info[16]! << 8) + info[17]!;
    return frames === 0 ? null : frames * channels;
  }
  const text = ascii(bytes, 0, Math.min(bytes.length, 128));
  const id = text.indexOf("\u0001vorbis");
  const lastPage = lastIndexOf(bytes, [0x4f, 0x67, 0x67, 0x53]);
  if (id < 0 || lastPage < 0 || lastPage + 14 > bytes.length) return null;
  const channels = bytes[id + 11]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset + lastPage + 6, 8);
  const frames = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  return frames * Math.max(1, channels);
}

function lastIndexOf(bytes: Uint8Array, pattern: number[]): number {
  for (let i = bytes.length - pattern.length; i >= 0; i--) if (pattern.every((byte, k) => bytes[i + k] === byte)) return i;
  return -1;
}

const tooMany = (count: number, maxSamples: number) => fail(`the audio has ${count} samples, more than the ${maxSamples} allowed`);

/** Mono or stereo, from the first MPEG frame header (after any ID3v2 tag): mpg123 always hands out two channels. */
export function mp3Channels(bytes: Uint8Array): number {
  let at = 0;
  if (ascii(bytes, 0, 3) === "ID3" && bytes.length >= 10) at = 10 + ((bytes[6]! & 0x7f) << 21) + ((bytes[7]! & 0x7f) << 14) + ((bytes[8]! & 0x7f) << 7) + (bytes[9]! & 0x7f);
  for (; at + 3 < bytes.length; at++) {
    if (bytes[at] === 0xff && (bytes[at + 1]! & 0xe0) === 0xe0) return bytes[at + 3]! >> 6 === 3 ? 1 : 2;
  }
  return 2;
}

/** MP3 in chunks, so decoding stops as soon as the limit is passed. */
async function decodeMp3(bytes: Uint8Array, maxSamples: number): Promise<Decoded> {
  const { MPEGDecoder } = await import("mpg123-decoder");
  const decoder = new MPEGDecoder();
  await decoder.ready;
  try {
    const channels = mp3Channels(bytes);
    const channelData: Float32Array[][] = [];
    let frames = 0;
    let sampleRate = 0;
    for (let offset = 0; offset < bytes.length; offset += 64 * 1024) {
      const part = decoder.decode(bytes.subarray(offset, offset + 64 * 1024));
      if (part.samplesDecoded === 0) continue;
      sampleRate = part.sampleRate;
      part.channelData.slice(0, channels).forEach((channel, c) => (channelData[c] ??= []).push(channel.slice(0, part.samplesDecoded)));
      frames += part.samplesDecoded;
      if (frames * channels > maxSamples) tooMany(frames * channels, maxSamples);
    }
    return { channelData: channelData.map(concat), samplesDecoded: frames, sampleRate };
  } finally {
    decoder.free();
  }
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((total, part) => total + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

async function decodeCompressed(format: "mp3" | "flac" | "vorbis", bytes: Uint8Array, maxSamples: number): Promise<Decoded> {
  if (format === "mp3") return decodeMp3(bytes, maxSamples);
  const declared = declaredSamples(format, bytes);
  if (declared !== null && declared > maxSamples) tooMany(declared, maxSamples);
  const decoder = format === "flac" ? new (await import("@wasm-audio-decoders/flac")).FLACDecoder() : new (await import("@wasm-audio-decoders/ogg-vorbis")).OggVorbisDecoder();
  await decoder.ready;
  try {
    return await decoder.decodeFile(bytes);
  } finally {
    decoder.free();
  }
}

/** Interleaves per-channel samples, as `{ sampleRate, channels, data }` carries them. */
function interleave(decoded: Decoded, maxSamples: number): DecodedWav {
  const channels = decoded.channelData.length;
  const frames = decoded.samplesDecoded;
  if (channels === 0 || frames === 0) fail("the audio file holds no samples that could be decoded");
  if (frames * channels > maxSamples) tooMany(frames * channels, maxSamples);
  const data = new Float32Array(frames * channels);
  for (let c = 0; c < channels; c++) {
    const channel = decoded.channelData[c]!;
    for (let i = 0; i < frames; i++) data[i * channels + c] = channel[i] ?? 0;
  }
  return { sampleRate: decoded.sampleRate, channels, data };
}

/** Decodes WAV, MP3, FLAC or Ogg Vorbis; anything else is refused with a message saying what works. */
export async function decodeAudio(bytes: Uint8Array, maxSamples: number): Promise<DecodedWav> {
  const format = audioFormat(bytes);
  if (format === "wav") return decodeWav(bytes, maxSamples);
  if (format === "opus") fail("Opus audio cannot be decoded into samples here; send WAV, MP3, FLAC or Ogg Vorbis, or use type \"filepath\"");
  if (format === "unknown") fail("the audio is not WAV, MP3, FLAC or Ogg Vorbis, so it cannot be decoded into samples (use type \"filepath\" for other formats)");
  let decoded: Decoded;
  try {
    decoded = await decodeCompressed(format, bytes, maxSamples);
  } catch (error) {
    if (error instanceof InputValidationError) throw error;
    fail(`the ${format === "vorbis" ? "Ogg Vorbis" : format.toUpperCase()} audio could not be decoded (a damaged file?)`);
  }
  return interleave(decoded, maxSamples);
}
