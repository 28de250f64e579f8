/**
 * Required words of a regex: a set of lowercase strings such that every match of the pattern
 * contains at least one of them (or null when no such set is found). The contextual rules use it
 * as a prefilter: a rule whose words do not occur in a post is neither compiled nor run, so the
 * first call on a post compiles only the few rules that could match (V8 compiles a regex on its
 * first exec, and the big alternations cost 0.2–2 ms each).
 *
 * The parser knows the subset our rule sources use: literals, escapes, classes, groups
 * (capturing, non-capturing, lookarounds), alternation and quantifiers. Anything it does not
 * understand makes that part "no requirement", which only weakens the filter, never breaks it.
 */

type Req = string[] | null;

/** Letters that can form a required word: Latin (with accents) and Japanese scripts. */
const WORD_CHAR = /[A-Za-zÀ-ÖØ-öø-ɏ\u3040-\u30ff\u4e00-\u9fff]/;
const CJK = /[\u3040-\u30ff\u4e00-\u9fff]/;

/** Even a short word ("rn", "MS", 毎) filters better than none; `better` prefers longer ones. */
function usable(word: string): boolean {
  return CJK.test(word) ? word.length >= 1 : word.length >= 2;
}

/** A shorter set is a stronger filter; so is one whose shortest word is longer. */
function better(a: Req, b: Req): Req {
  if (a === null) return b;
  if (b === null) return a;
  const minA = Math.min(...a.map((w) => w.length));
  const minB = Math.min(...b.map((w) => w.length));
  if (minA !== minB) return minA > minB ? a : b;
  return a.length <= b.length ? a : b;
}

/** Drops words that contain another word of the set ("lived" is covered by "live"). */
function simplify(words: string[]): string[] {
  const uniq = [...new Set(words)].sort((a, b) => a.length - b.length);
  const out: string[] = [];
  for (const w of uniq) if (!out.some((o) => w.includes(o))) out.push(w);
  return out;
}

/*
 * Sticky regexes read at the parser's position: slicing the rest of a 2,000-character rule at
 * every group made parsing all rules at start-up cost ~100 ms.
 */
const GROUP_HEAD = /\?(?::|=|!|<=|<!|<[A-Za-z]\w*>)/y;
const BRACES = /\{(\d*)(?:,\d*)?\}\??/y;

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): Req {
    const r = this.alternation();
    return r === null ? null : simplify(r);
  }

  private alternation(): Req {
    const branches: Req[] = [this.sequence()];
    while (this.s[this.i] === '|') {
      this.i++;
      branches.push(this.sequence());
    }
    if (branches.some((b) => b === null)) return null;
    return simplify(branches.flatMap((b) => b ?? []));
  }

  private sequence(): Req {
    let best: Req = null;
    let word = '';
    const flush = () => {
      if (usable(word)) best = better(best, [word.toLowerCase()]);
      word = '';
    };
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') {
      const c = this.s[this.i]!;
      if (c === '(') {
        flush();
        this.i++;
        let look = false;
        if (this.s[this.i] === '?') {
          GROUP_HEAD.lastIndex = this.i;
          const head = GROUP_HEAD.exec(this.s)?.[0] ?? '?';
          // Lookarounds consume nothing, so their words are not part of the match.
          look = head === '?=' || head === '?!' || head === '?<=' || head === '?<!';
          this.i += head.length;
        }
        const inner = this.alternation();
        this.i++; // ')'
        const optional = this.quantifier();
        if (!look && !optional) best = better(best, inner);
        continue;
      }
      if (c === '[') {
        flush();
        this.skipClass();
        this.quantifier();
        continue;
      }
      if (c === '\\') {
        flush();
        this.i +=
          this.s[this.i + 1] === 'p' || this.s[this.i + 1] === 'P'
            ? this.s.indexOf('}', this.i) + 1 - this.i
            : 2;
        this.quantifier();
        continue;
      }
      this.i++;
      // A quantified letter is not reliably there ("tumou?r"), and "+" repeats it.
      const optional = this.quantifier();
      if (optional || !WORD_CHAR.test(c)) {
        flush();
        continue;
      }
      word += c;
      if (this.s[this.i - 1] === '+' || this.s[this.i - 1] === '}') flush();
    }
    flush();
    return best;
  }

  /** Skips a quantifier after an atom; true when it allows zero repetitions. */
  private quantifier(): boolean {
    const c = this.s[this.i];
    if (c === '?' || c === '*') {
      this.i++;
      if (this.s[this.i] === '?') this.i++;
      return true;
    }
    if (c === '+') {
      this.i++;
      if (this.s[this.i] === '?') this.i++;
      return false;
    }
    if (c === '{') {
      BRACES.lastIndex = this.i;
      const m = BRACES.exec(this.s);
      if (m) {
        this.i += m[0].length;
        return m[1] === '' || m[1] === '0';
      }
    }
    return false;
  }

  private skipClass(): void {
    this.i++;
    if (this.s[this.i] === '^') this.i++;
    if (this.s[this.i] === ']') this.i++;
    while (this.i < this.s.length && this.s[this.i] !== ']') this.i += this.s[this.i] === '\\' ? 2 : 1;
    this.i++;
  }
}

export function requiredWords(source: string): string[] | null {
  return new Parser(source).parse();
}
