import { Prisma } from '../generated/prisma/client.js';

/**
 * A constant SQL text with `$1..$n` placeholders (the engine's and the rollups' statements, built once at module load
 * from vetted constants, never from input) as a `Prisma.Sql` factory: `sqlText(TEXT)(a, b)` binds `$1` to a and `$2` to b
 * (each occurrence becomes a parameter of its own, so a placeholder used twice is sent twice). The text is otherwise
 * unchanged. Only for SQL text whose `$` signs are all placeholders (no dollar quoting).
 */
export function sqlText(text: string): (...values: unknown[]) => Prisma.Sql {
  const strings: string[] = [];
  const slots: number[] = [];
  let last = 0;
  for (const m of text.matchAll(/\$(\d+)/g)) {
    strings.push(text.slice(last, m.index));
    slots.push(Number(m[1]) - 1);
    last = m.index + m[0].length;
  }
  strings.push(text.slice(last));
  const arity = slots.length ? Math.max(...slots) + 1 : 0;
  return (...values: unknown[]) => {
    if (values.length !== arity) throw new Error(`the statement takes ${arity} parameter(s), got ${values.length}`);
    return new Prisma.Sql(
      strings,
      slots.map((i) => values[i]),
    );
  };
}
