// A line diff of two texts (the stable JSON of two versions) by longest common subsequence: small
// (rules are at most a few thousand lines), exact, and enough for a readable unified or
// side-by-side view.
export type DiffLine =
  | { type: 'same'; text: string; a: number; b: number }
  | { type: 'del'; text: string; a: number }
  | { type: 'add'; text: string; b: number };

const splitLines = (text: string) => {
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
};

/** Line numbers (a, b) count from 1. Deletions come before additions where both happen. */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  // Trim the common head and tail first: versions usually differ in a few places.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length, endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) { endA--; endB--; }
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const n = midA.length, m = midB.length;
  // lcs[i][j]: LCS length of midA[i..] and midB[j..]
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = midA[i] === midB[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: DiffLine[] = [];
  for (let k = 0; k < start; k++) out.push({ type: 'same', text: a[k], a: k + 1, b: k + 1 });
  let i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && midA[i] === midB[j]) {
      out.push({ type: 'same', text: midA[i], a: start + i + 1, b: start + j + 1 });
      i++; j++;
    } else if (j >= m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1])) {
      out.push({ type: 'del', text: midA[i], a: start + i + 1 });
      i++;
    } else {
      out.push({ type: 'add', text: midB[j], b: start + j + 1 });
      j++;
    }
  }
  for (let k = 0; k < a.length - endA; k++) out.push({ type: 'same', text: a[endA + k], a: endA + k + 1, b: endB + k + 1 });
  return out;
}

/** Unified view with context: runs of unchanged lines longer than 2 × `context` fold into a gap. */
export type Hunk = DiffLine | { type: 'gap'; hidden: number };

export function withContext(lines: DiffLine[], context = 3): Hunk[] {
  const changed = lines.map((l) => l.type !== 'same');
  const keep = lines.map((_, i) => {
    for (let d = -context; d <= context; d++) if (changed[i + d]) return true;
    return false;
  });
  const out: Hunk[] = [];
  let hidden = 0;
  lines.forEach((line, i) => {
    if (keep[i]) {
      if (hidden) out.push({ type: 'gap', hidden });
      hidden = 0;
      out.push(line);
    } else hidden++;
  });
  if (hidden) out.push({ type: 'gap', hidden });
  return out;
}

/** Side by side: rows pairing a deletion with the addition that replaced it. */
export function sideBySide(lines: DiffLine[]): { left: DiffLine | null; right: DiffLine | null }[] {
  const rows: { left: DiffLine | null; right: DiffLine | null }[] = [];
  let dels: DiffLine[] = [];
  let adds: DiffLine[] = [];
  const flush = () => {
    for (let k = 0; k < Math.max(dels.length, adds.length); k++) rows.push({ left: dels[k] ?? null, right: adds[k] ?? null });
    dels = []; adds = [];
  };
  for (const line of lines) {
    if (line.type === 'del') dels.push(line);
    else if (line.type === 'add') adds.push(line);
    else { flush(); rows.push({ left: line, right: line }); }
  }
  flush();
  return rows;
}
