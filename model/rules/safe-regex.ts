// Regular expressions in `matches` conditions run on every matching event inside a workflow, so a
// pattern is accepted only if it compiles, is short, and cannot backtrack catastrophically:
// no repeated group that itself repeats (`(a+)+`, `(.*)*`, `(\w+\s?)+`) and no repeated choice
// whose options can start alike (`(a|a)*`, `(a|ab)+`). A small parser finds those shapes.
import { stripAccents, type TextOptions } from './text-match';

export const REGEX_MAX_LENGTH = 200;

export type RegexCheck = { ok: true } | { ok: false; message: string };

interface Quantifier { min: number; max: number }
type Atom =
  | { kind: 'char'; ch: string }
  | { kind: 'set'; first: FirstSet }
  | { kind: 'group'; alts: Term[][]; zeroWidth: boolean }
  | { kind: 'zero' };
interface Term { atom: Atom; quant: Quantifier | null; start: number; end: number }

/** The characters a piece of pattern can start with: literal chars plus coarse categories. */
interface FirstSet { chars: Set<string>; any: boolean; digit: boolean; word: boolean; space: boolean }

const emptySet = (): FirstSet => ({ chars: new Set(), any: false, digit: false, word: false, space: false });
const anySet = (): FirstSet => ({ ...emptySet(), any: true });

class Parser {
  pos = 0;
  constructor(readonly src: string) {}

  parseAlternatives(): Term[][] {
    const alts: Term[][] = [[]];
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos];
      if (ch === ')') break;
      if (ch === '|') { this.pos++; alts.push([]); continue; }
      const term = this.parseTerm();
      alts[alts.length - 1].push(term);
    }
    return alts;
  }

  private parseTerm(): Term {
    const start = this.pos;
    const atom = this.parseAtom();
    const quant = atom.kind === 'zero' ? null : this.parseQuantifier();
    return { atom, quant, start, end: this.pos };
  }

  private parseAtom(): Atom {
    const ch = this.src[this.pos++];
    switch (ch) {
      case '^': case '$': return { kind: 'zero' };
      case '.': return { kind: 'set', first: anySet() };
      case '[': return { kind: 'set', first: this.parseClass() };
      case '(': return this.parseGroup();
      case '\\': return this.parseEscape();
      default: return { kind: 'char', ch };
    }
  }

  private parseGroup(): Atom {
    let zeroWidth = false;
    if (this.src[this.pos] === '?') {
      const rest = this.src.slice(this.pos);
      if (rest.startsWith('?:')) this.pos += 2;
      else if (rest.startsWith('?=') || rest.startsWith('?!')) { this.pos += 2; zeroWidth = true; }
      else if (rest.startsWith('?<=') || rest.startsWith('?<!')) { this.pos += 3; zeroWidth = true; }
      else if (rest.startsWith('?<')) this.pos = this.src.indexOf('>', this.pos) + 1;
    }
    const alts = this.parseAlternatives();
    this.pos++; // ')'
    return { kind: 'group', alts, zeroWidth };
  }

  private parseEscape(): Atom {
    const ch = this.src[this.pos++];
    const set = emptySet();
    switch (ch) {
      case 'd': set.digit = true; return { kind: 'set', first: set };
      case 'w': set.word = true; return { kind: 'set', first: set };
      case 's': set.space = true; return { kind: 'set', first: set };
      case 'D': case 'W': case 'S': return { kind: 'set', first: anySet() };
      case 'b': case 'B': return { kind: 'zero' };
      case 'p': case 'P': this.skipBraces(); return { kind: 'set', first: anySet() };
      case 'k': this.pos = this.src.indexOf('>', this.pos) + 1; return { kind: 'set', first: anySet() };
      case 'u': case 'x': case 'c': this.skipCodeEscape(ch); return { kind: 'set', first: anySet() };
      case 'n': return { kind: 'char', ch: '\n' };
      case 't': return { kind: 'char', ch: '\t' };
      case 'r': return { kind: 'char', ch: '\r' };
      default:
        if (/[1-9]/.test(ch)) { while (/\d/.test(this.src[this.pos] ?? '')) this.pos++; return { kind: 'set', first: anySet() }; }
        return { kind: 'char', ch };
    }
  }

  private skipBraces() {
    if (this.src[this.pos] === '{') this.pos = this.src.indexOf('}', this.pos) + 1;
  }

  private skipCodeEscape(kind: string) {
    if (kind === 'c') { this.pos++; return; }
    if (kind === 'u' && this.src[this.pos] === '{') { this.skipBraces(); return; }
    const digits = kind === 'u' ? 4 : 2;
    for (let i = 0; i < digits && /[0-9a-fA-F]/.test(this.src[this.pos] ?? ''); i++) this.pos++;
  }

  /** A character class; small ranges are expanded, anything else counts as "any character". */
  private parseClass(): FirstSet {
    const set = emptySet();
    if (this.src[this.pos] === '^') { this.pos++; this.skipClassBody(); return anySet(); }
    let prev: string | null = null;
    while (this.pos < this.src.length && this.src[this.pos] !== ']') {
      let ch = this.src[this.pos++];
      if (ch === '\\') {
        const e = this.src[this.pos++];
        if (e === 'd') { set.digit = true; prev = null; continue; }
        if (e === 'w') { set.word = true; prev = null; continue; }
        if (e === 's') { set.space = true; prev = null; continue; }
        if (/[DWSpPux]/.test(e)) { this.skipClassBody(); return anySet(); }
        ch = e === 'n' ? '\n' : e === 't' ? '\t' : e;
      } else if (ch === '-' && prev !== null && this.src[this.pos] !== ']') {
        let to = this.src[this.pos++];
        if (to === '\\') to = this.src[this.pos++];
        const from = prev.codePointAt(0)!;
        const end = to.codePointAt(0)!;
        if (end - from > 256) { this.skipClassBody(); return anySet(); }
        for (let c = from; c <= end; c++) set.chars.add(String.fromCodePoint(c).toLowerCase());
        prev = null;
        continue;
      }
      set.chars.add(ch.toLowerCase());
      prev = ch;
    }
    this.pos++; // ']'
    return set;
  }

  private skipClassBody() {
    while (this.pos < this.src.length && this.src[this.pos] !== ']') this.pos += this.src[this.pos] === '\\' ? 2 : 1;
    this.pos++;
  }

  private parseQuantifier(): Quantifier | null {
    const ch = this.src[this.pos];
    let q: Quantifier | null = null;
    if (ch === '*') q = { min: 0, max: Infinity };
    else if (ch === '+') q = { min: 1, max: Infinity };
    else if (ch === '?') q = { min: 0, max: 1 };
    else if (ch === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
      if (!m) return null;
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      this.pos += m[0].length - 1;
      q = { min, max };
    }
    if (!q) return null;
    this.pos++;
    if (this.src[this.pos] === '?') this.pos++; // lazy
    return q;
  }
}

const variable = (q: Quantifier | null) => q !== null && q.min !== q.max;
const repeats = (q: Quantifier | null) => q !== null && q.max > 1;

function containsVariableRepeat(alts: Term[][]): boolean {
  return alts.some((terms) => terms.some((t) => variable(t.quant) || (t.atom.kind === 'group' && containsVariableRepeat(t.atom.alts))));
}

function firstSet(terms: Term[]): FirstSet | null {
  for (const t of terms) {
    if (t.quant && t.quant.max === 0) continue;
    const a = t.atom;
    if (a.kind === 'zero' || (a.kind === 'group' && a.zeroWidth)) continue;
    if (a.kind === 'char') { const s = emptySet(); s.chars.add(a.ch.toLowerCase()); return s; }
    if (a.kind === 'set') return a.first;
    const union = emptySet();
    for (const alt of a.alts) {
      const f = firstSet(alt);
      if (!f) continue;
      if (f.any) return anySet();
      f.chars.forEach((c) => union.chars.add(c));
      union.digit ||= f.digit; union.word ||= f.word; union.space ||= f.space;
    }
    return union;
  }
  return null;
}

const isDigit = (c: string) => c >= '0' && c <= '9';
const isWord = (c: string) => /[\p{L}\p{N}_]/u.test(c);
const isSpace = (c: string) => /\s/.test(c);

function overlap(a: FirstSet, b: FirstSet): boolean {
  if (a.any || b.any) return true;
  for (const c of a.chars) if (b.chars.has(c)) return true;
  const catHits = (s: FirstSet, c: string) => (s.digit && isDigit(c)) || (s.word && isWord(c)) || (s.space && isSpace(c));
  for (const c of a.chars) if (catHits(b, c)) return true;
  for (const c of b.chars) if (catHits(a, c)) return true;
  if ((a.word || a.digit) && (b.word || b.digit)) return true;
  return a.space && b.space;
}

/** The first dangerous shape in the pattern, as a message naming the fragment. */
function findCatastrophic(src: string, alts: Term[][]): string | null {
  for (const terms of alts) {
    for (const t of terms) {
      if (t.atom.kind !== 'group') continue;
      const fragment = src.slice(t.start, t.end);
      if (repeats(t.quant) && containsVariableRepeat(t.atom.alts)) {
        return `"${fragment}" repeats a group that itself contains a repeat: on some texts this takes exponential time. Keep only one of the two repeats (e.g. write a+ instead of (a+)+).`;
      }
      if (repeats(t.quant) && t.atom.alts.length > 1) {
        const firsts = t.atom.alts.map(firstSet);
        for (let i = 0; i < firsts.length; i++) {
          for (let j = i + 1; j < firsts.length; j++) {
            const a = firsts[i]; const b = firsts[j];
            if (a && b && overlap(a, b)) {
              return `"${fragment}" repeats a choice whose options can start with the same character: on some texts this takes exponential time. Make the options start differently or drop the repeat.`;
            }
          }
        }
      }
      const inner = findCatastrophic(src, t.atom.alts);
      if (inner) return inner;
    }
  }
  return null;
}

/** The flags a pattern compiles with: `u` when it allows (so \p{L} works), `i` when case is ignored. */
function flagsFor(pattern: string, ignoreCase: boolean): string | null {
  const i = ignoreCase ? 'i' : '';
  try { new RegExp(pattern, `u${i}`); return `u${i}`; } catch { /* try without u */ }
  try { new RegExp(pattern, i); return i; } catch { return null; }
}

/** Whether a pattern may be used in a `matches` condition, with a message a person can act on. */
export function checkRegex(pattern: string): RegexCheck {
  if (pattern.length === 0) return { ok: false, message: 'Enter a pattern' };
  if (pattern.length > REGEX_MAX_LENGTH) return { ok: false, message: `The pattern is ${pattern.length} characters long; at most ${REGEX_MAX_LENGTH} are allowed` };
  if (flagsFor(pattern, false) === null) {
    let reason = 'it is not a valid regular expression';
    try { new RegExp(pattern); } catch (e) { reason = String((e as Error).message).replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, ''); }
    return { ok: false, message: `The pattern does not compile: ${reason}` };
  }
  const parser = new Parser(pattern);
  const danger = findCatastrophic(pattern, parser.parseAlternatives());
  return danger ? { ok: false, message: danger } : { ok: true };
}

/** A safe, compiled pattern for `matches`, or null when checkRegex refuses it. */
export function compileSafeRegex(pattern: string, opts: TextOptions = {}): RegExp | null {
  const source = opts.ignoreAccents === false ? pattern : stripAccents(pattern);
  if (!checkRegex(source).ok) return null;
  const flags = flagsFor(source, opts.ignoreCase !== false);
  return flags === null ? null : new RegExp(source, flags);
}

/** Tests text against a compiled pattern, on accent-stripped text when accents are ignored. */
export function regexTest(regex: RegExp, text: string, opts: TextOptions = {}): boolean {
  regex.lastIndex = 0;
  return regex.test(opts.ignoreAccents === false ? text : stripAccents(text));
}
