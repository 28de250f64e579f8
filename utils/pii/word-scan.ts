/**
 * Which of many words occur in a text, in one pass: an Aho–Corasick automaton over the words'
 * own characters. The contextual rules' prefilter asked `text.includes(word)` for up to hundreds
 * of words per post, which cost more than running the rules it skipped; one pass over the post
 * answers the same question (substring presence, UTF-16 code units, case as given) for all words.
 *
 * The transition table is dense over a reduced alphabet: every character that occurs in no word
 * maps to one "other" symbol, so the table is states x (distinct characters + 1). Everything is
 * built in typed arrays: the automaton is built on the first post, where time counts too.
 */
export class WordScanner {
  private readonly symOf: Uint8Array | Uint16Array;
  private readonly width: number;
  private readonly delta: Uint16Array | Uint32Array;
  /** For each state, the state whose own words it reports first (itself or a suffix state), or 0. */
  private readonly report: Uint32Array;
  /** For each state, the next shorter suffix state that ends a word, or 0. */
  private readonly dictLink: Uint32Array;
  /** The ids reported by words ending exactly in state s: ownIds[ownStart[s] .. ownStart[s + 1]). */
  private readonly ownStart: Uint32Array;
  private readonly ownIds: Uint32Array;
  /** States whose words were already reported in the current scan (stamp = scan number). */
  private readonly seen: Uint32Array;
  private stamp = 0;

  /** `ids[i]` is the index reported for `words[i]` (default: i); a word may repeat with other ids. */
  constructor(words: readonly string[], ids: readonly number[] = words.map((_, i) => i)) {
    let maxCode = 0;
    let chars = 1;
    for (const w of words) {
      // An empty word occurs everywhere, and the root state never reports: refuse it.
      if (w.length === 0) throw new Error('WordScanner: empty word');
      chars += w.length;
      for (let i = 0; i < w.length; i++) maxCode = Math.max(maxCode, w.charCodeAt(i));
    }
    const symOf = new Uint16Array(maxCode + 1);
    let width = 1;
    for (const w of words)
      for (let i = 0; i < w.length; i++) {
        const c = w.charCodeAt(i);
        if (symOf[c] === 0) symOf[c] = width++;
      }
    this.symOf = width <= 256 ? Uint8Array.from(symOf) : symOf;
    this.width = width;

    // Trie of the words; 0 in a row means "no edge" (the root is nobody's child).
    const delta = chars <= 0xffff ? new Uint16Array(chars * width) : new Uint32Array(chars * width);
    const endState = new Uint32Array(words.length);
    // Each state's trie children as a linked list, so the breadth-first pass visits edges only.
    const firstChild = new Uint32Array(chars);
    const nextSibling = new Uint32Array(chars);
    const edgeSym = new Uint32Array(chars);
    let n = 1;
    words.forEach((w, k) => {
      let s = 0;
      for (let i = 0; i < w.length; i++) {
        const sym = symOf[w.charCodeAt(i)]!;
        let t = delta[s * width + sym]!;
        if (t === 0) {
          t = n++;
          delta[s * width + sym] = t;
          edgeSym[t] = sym;
          nextSibling[t] = firstChild[s]!;
          firstChild[s] = t;
        }
        s = t;
      }
      endState[k] = s;
    });
    this.ownStart = new Uint32Array(n + 1);
    for (const s of endState) this.ownStart[s + 1]!++;
    for (let s = 0; s < n; s++) this.ownStart[s + 1]! += this.ownStart[s]!;
    this.ownIds = new Uint32Array(words.length);
    const fill = this.ownStart.slice(0, n);
    endState.forEach((s, k) => (this.ownIds[fill[s]!++] = ids[k]!));

    // Failure links and full transitions, breadth first (a state's suffix state comes earlier).
    const fail = new Uint32Array(n);
    this.dictLink = new Uint32Array(n);
    this.report = new Uint32Array(n);
    const queue = new Uint32Array(n);
    let tail = 0;
    for (let t = firstChild[0]!; t !== 0; t = nextSibling[t]!) queue[tail++] = t;
    for (let head = 0; head < tail; head++) {
      const s = queue[head]!;
      const f = fail[s]!;
      this.dictLink[s] = this.ownStart[f + 1]! > this.ownStart[f]! ? f : this.dictLink[f]!;
      this.report[s] = this.ownStart[s + 1]! > this.ownStart[s]! ? s : this.dictLink[s]!;
      for (let t = firstChild[s]!; t !== 0; t = nextSibling[t]!) {
        fail[t] = delta[f * width + edgeSym[t]!]!;
        queue[tail++] = t;
      }
      // Missing transitions are the suffix state's (its row is complete: it was dequeued earlier).
      delta.copyWithin(s * width, f * width, f * width + width);
      for (let t = firstChild[s]!; t !== 0; t = nextSibling[t]!) delta[s * width + edgeSym[t]!] = t;
    }
    this.delta = delta.subarray(0, n * width);
    this.seen = new Uint32Array(n);
  }

  /** Sets `found[id] = 1` for every word that occurs in `text` (other entries are left as they are). */
  scan(text: string, found: Uint8Array): void {
    if (++this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    const stamp = this.stamp;
    const { symOf, delta, width, report, dictLink, ownStart, ownIds, seen } = this;
    const limit = symOf.length;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      s = delta[s * width + (c < limit ? symOf[c]! : 0)]!;
      // Each state's words are reported once per scan; its suffix states' words along with them.
      for (let r = report[s]!; r !== 0 && seen[r] !== stamp; r = dictLink[r]!) {
        seen[r] = stamp;
        for (let j = ownStart[r]!; j < ownStart[r + 1]!; j++) found[ownIds[j]!] = 1;
      }
    }
  }
}
