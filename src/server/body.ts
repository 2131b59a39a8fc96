/**
 * Reading a proof's body without trusting it: the size limit holds while reading (a client that
 * sends more is cut off before anything is parsed), the bytes must be UTF-8, and nesting is bounded
 * before `JSON.parse` sees the text.
 */

/** A decision is a few hundred bytes; 16 KiB leaves room for any real URL and user agent. */
export const MAX_BODY_BYTES = 16 * 1024;
/** A record nests two levels (the object, its category lists); anything deeper is not one. */
const MAX_JSON_DEPTH = 4;

export class TooLarge extends Error {
  override name = 'TooLarge';
}

/** Collects a body's chunks, failing with `TooLarge` as soon as they add up to more than the limit. */
export class BodyCollector {
  readonly #parts: Uint8Array[] = [];
  #size = 0;

  add(chunk: Uint8Array): void {
    this.#size += chunk.byteLength;
    if (this.#size > MAX_BODY_BYTES) throw new TooLarge(`over ${MAX_BODY_BYTES} bytes`);
    this.#parts.push(chunk);
  }

  bytes(): Uint8Array {
    const body = new Uint8Array(this.#size);
    let offset = 0;
    for (const part of this.#parts) {
      body.set(part, offset);
      offset += part.byteLength;
    }
    return body;
  }
}

/** Whether JSON text nests deeper than `max` arrays and objects (brackets inside strings do not count). */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') {
      if (++depth > max) return true;
    } else if (char === '}' || char === ']') depth--;
  }
  return false;
}

/** The parsed body, or the problem to answer with 400. */
export function parseBody(bytes: Uint8Array): { value: unknown } | { problem: string } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { problem: 'record: not UTF-8 text' };
  }
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) return { problem: `record: nested deeper than ${MAX_JSON_DEPTH} levels` };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return { problem: 'record: not JSON' };
  }
}
