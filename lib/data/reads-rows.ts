// Whether SQL reads canonical rows: while own data's stored rows are still being inserted after the first
// figures (lib/data/browser.ts), such a statement waits for them. A small tokenizer, not a pattern: string
// literals, quoted names and comments are skipped, and only a relation in a FROM list, after JOIN (or
// INTO, UPDATE, TABLE, DESCRIBE, SUMMARIZE, PIVOT, UNPIVOT, COPY) counts, unless a CTE of that name is in
// scope. Creating a view reads nothing (views bind when read). Anything it cannot follow counts as a read:
// a needless wait is slower, a missed one would show figures over half the rows.
import { TABLES } from '../schema';
import { derivedTables } from './derived-tables';

type Tok = { k: 'word' | 'name' | 'str' | 'num' | 'punct'; v: string };

/** Tokens, words lowercased; null when a string, quoted name or comment does not end. */
function tokenize(sql: string): Tok[] | null {
  const out: Tok[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i];
    if (/\s/.test(c)) i++;
    else if (c === '-' && sql[i + 1] === '-') {
      const e = sql.indexOf('\n', i);
      i = e < 0 ? n : e + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const e = sql.indexOf('*/', i + 2);
      if (e < 0) return null;
      i = e + 2;
    } else if (c === "'" || c === '"') {
      // A doubled quote stands for itself.
      let j = i + 1;
      let v = '';
      for (;;) {
        const e = sql.indexOf(c, j);
        if (e < 0) return null;
        v += sql.slice(j, e);
        if (sql[e + 1] === c) {
          v += c;
          j = e + 2;
        } else {
          i = e + 1;
          break;
        }
      }
      out.push(c === "'" ? { k: 'str', v } : { k: 'name', v: v.toLowerCase() });
    } else if (c === '$') {
      // $1 (a parameter) or a dollar-quoted string $tag$…$tag$.
      const m = /^\$(\d+|[A-Za-z_]\w*\$|\$)/.exec(sql.slice(i));
      if (!m) return null;
      if (/^\$\d+$/.test(m[0])) {
        out.push({ k: 'num', v: m[0] });
        i += m[0].length;
      } else {
        const e = sql.indexOf(m[0], i + m[0].length);
        if (e < 0) return null;
        out.push({ k: 'str', v: sql.slice(i + m[0].length, e) });
        i = e + m[0].length;
      }
    } else if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      const m = /^[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*/.exec(sql.slice(i))!;
      out.push({ k: 'word', v: m[0].toLowerCase() });
      i += m[0].length;
    } else if (/\d/.test(c)) {
      const m = /^\d[\w.]*/.exec(sql.slice(i))!;
      out.push({ k: 'num', v: m[0] });
      i += m[0].length;
    } else {
      out.push({ k: 'punct', v: c });
      i++;
    }
  }
  return out;
}

/** Words after which a relation name follows. */
const RELATION_BEFORE = new Set([
  'from',
  'join',
  'into',
  'update',
  'table',
  'describe',
  'summarize',
  'pivot',
  'unpivot',
  'copy',
]);
/** Words that end a FROM list at their level (ON and USING do not: a comma may follow the condition). */
const FROM_ENDS = new Set([
  'where',
  'group',
  'having',
  'qualify',
  'window',
  'order',
  'limit',
  'offset',
  'union',
  'except',
  'intersect',
  'select',
  'returning',
  'set',
  'values',
]);

interface Frame {
  fromList: boolean;
  expect: boolean;
  /** CTE names defined at this level, in scope here and inside. */
  ctes: Set<string>;
  /** In a WITH list: 'name' (next CTE's name), 'as' (its column list or AS), 'body' (its body next), 'after'. */
  cte: 'name' | 'as' | 'body' | 'after' | null;
  pending?: string;
  recursive?: boolean;
  /** This level is the body of the CTE named so (its name enters the parent's scope when it closes). */
  bodyOf?: string;
}

let names: Set<string> | null = null;
/** The canonical tables, and registry views that read them. */
function rowNames(): Set<string> {
  if (!names) {
    const canonical = new Set(TABLES.map((t) => t.name as string));
    const reads = (name: string): boolean =>
      canonical.has(name) ||
      derivedTables().some((t) => t.name === name && t.kind === 'VIEW' && t.dependsOn.some(reads));
    names = new Set([
      ...canonical,
      ...derivedTables()
        .filter((t) => reads(t.name))
        .map((t) => t.name),
    ]);
  }
  return names;
}

const frame = (): Frame => ({ fromList: false, expect: false, ctes: new Set(), cte: null });

/** Whether any statement in `sql` reads a canonical table's rows (see the top of this file). */
export function readsRows(sql: string): boolean {
  const toks = tokenize(sql);
  if (!toks) return true;
  const rows = rowNames();
  let stack: Frame[] = [frame()];
  let first = true;
  let createView = false;
  let beforeAs = false;
  const shadowed = (name: string) => stack.some((f) => f.ctes.has(name));
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    const cur = stack[stack.length - 1];
    if (t.k === 'punct' && t.v === ';') {
      stack = [frame()];
      first = true;
      createView = false;
      continue;
    }
    // CREATE … VIEW: nothing in the statement runs now.
    if (first) {
      first = false;
      beforeAs = t.k === 'word' && t.v === 'create';
    } else if (beforeAs) {
      if (t.k === 'word' && t.v === 'view') createView = true;
      if ((t.k === 'word' && t.v === 'as') || (t.k === 'punct' && t.v === '(')) beforeAs = false;
    }
    if (createView) continue;

    if (t.k === 'punct' && t.v === '(') {
      const f = frame();
      if (cur.cte === 'body' && cur.pending !== undefined) {
        f.bodyOf = cur.pending;
        if (cur.recursive) f.ctes.add(cur.pending);
      } else if (cur.cte === 'as') f.cte = null; // a CTE's column list
      cur.expect = false;
      stack.push(f);
      continue;
    }
    if (t.k === 'punct' && t.v === ')') {
      const done = stack.pop();
      if (!stack.length) return true; // unbalanced
      const up = stack[stack.length - 1];
      if (done?.bodyOf !== undefined) {
        up.ctes.add(done.bodyOf);
        up.cte = 'after';
        up.pending = undefined;
      }
      continue;
    }
    // The WITH list: names, AS [NOT] MATERIALIZED, bodies, commas.
    if (t.k === 'word' && t.v === 'with') {
      cur.cte = 'name';
      cur.recursive = false;
      continue;
    }
    if (cur.cte === 'name') {
      if (t.k === 'word' && t.v === 'recursive') cur.recursive = true;
      else if (t.k === 'word' || t.k === 'name') {
        cur.pending = t.v;
        cur.cte = 'as';
      }
      continue;
    }
    if (cur.cte === 'as') {
      if (t.k === 'word' && t.v === 'as') cur.cte = 'body';
      continue;
    }
    if (cur.cte === 'body') continue; // NOT MATERIALIZED
    if (cur.cte === 'after') {
      if (t.k === 'punct' && t.v === ',') {
        cur.cte = 'name';
        continue;
      }
      cur.cte = null;
    }

    if (t.k === 'word' && RELATION_BEFORE.has(t.v)) {
      if (t.v === 'from') cur.fromList = true;
      cur.expect = true;
      continue;
    }
    if (t.k === 'word' && FROM_ENDS.has(t.v)) {
      cur.fromList = false;
      cur.expect = false;
      continue;
    }
    if (t.k === 'punct' && t.v === ',') {
      if (cur.fromList) cur.expect = true;
      continue;
    }
    if (!cur.expect) continue;
    if (t.k === 'word' && (t.v === 'lateral' || t.v === 'only')) continue;
    if (t.k !== 'word' && t.k !== 'name') {
      cur.expect = false;
      continue;
    }
    // A dotted name: the relation is its last part; one followed by ( is a table function.
    let last = t.v;
    let parts = 1;
    while (toks[i + 1]?.v === '.' && (toks[i + 2]?.k === 'word' || toks[i + 2]?.k === 'name')) {
      last = toks[i + 2].v;
      parts++;
      i += 2;
    }
    cur.expect = false;
    if (toks[i + 1]?.v === '(') continue;
    if (rows.has(last) && (parts > 1 || !shadowed(last))) return true;
  }
  return false;
}
