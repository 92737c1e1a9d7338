import { IntlMessageFormat } from 'intl-messageformat';

/**
 * The message tables are data: ICU MessageFormat strings (FormatJS intl-messageformat), one table per locale, of
 * the shape of the `Messages` interface. A message the interface declares as a function is a string with
 * positional arguments `{0}`, `{1}`, … in the order of the function's parameters (plurals and selects where the
 * words depend on a value); `compile` turns a table into the `Messages` object the components read. The one
 * exception is a message worded from named values the server sends (the `refusal` section): it is called with one
 * object of them, `{ id: 'INC-1', status: '已派单' }`.
 */

/** A message with at least one argument: the interface calls it as a function. */
export type IcuWithArgs = `${string}{${string}}${string}`;

/**
 * The table of a messages interface: a function becomes an ICU string with arguments, a string stays a string, a
 * list of strings stays a list. A key missing from a table, or one the interface does not know, fails to compile.
 */
export type Table<T> = {
  [K in keyof T]: T[K] extends (...args: never[]) => string
    ? IcuWithArgs
    : T[K] extends string
      ? string
      : T[K] extends Named
        ? string
        : T[K] extends readonly string[]
          ? readonly string[]
          : Table<T[K]>;
};

/** Named values, for a message worded from what the server sent. */
export type NamedValues = Readonly<Record<string, string | number>>;
/** A message with named values, or a plain string when it needs none. */
export type Named = string | ((values: NamedValues) => string);

type Value = string | number | boolean | null | undefined | NamedValues;
type Compiled =
  string | readonly string[] | ((...args: Value[]) => string) | { [key: string]: Compiled };

/**
 * Every message of `table` compiled once for `tag` (a BCP 47 locale, for plurals and `{0, number}`): a message
 * with arguments becomes a function of them, one without is formatted once to its string.
 */
export function compile<T>(table: Table<T>, tag: string): T {
  return compileNode(table as unknown as TableNode, tag, '') as T;
}

/** Every key of a table as a dotted path (`wall.column.town`); a list is one key. */
export function keyPaths(table: object): string[] {
  const paths: string[] = [];
  const walk = (node: object, prefix: string): void => {
    for (const [key, value] of Object.entries(node)) {
      const path = prefix + key;
      if (typeof value === 'string' || Array.isArray(value)) paths.push(path);
      else walk(value as object, `${path}.`);
    }
  };
  walk(table, '');
  return paths.sort();
}

/** The argument names an ICU message uses, in plurals and selects too, sorted: `['0', '1']`. */
export function argumentsOf(icu: string): string[] {
  const names = new Set<string>();
  collect(new IntlMessageFormat(icu, 'en', undefined, OPTIONS).getAst(), names);
  return [...names].sort();
}

type TableNode = string | readonly string[] | { [key: string]: TableNode };
type Ast = ReturnType<IntlMessageFormat['getAst']>;

/** tags are off: a `<` in a message is text, never markup */
const OPTIONS = { ignoreTag: true };

function compileNode(node: TableNode, tag: string, path: string): Compiled {
  if (typeof node === 'string') return compileMessage(node, tag, path);
  if (isList(node)) return node.map((s, i) => format(parse(s, tag, `${path}.${i}`), []));
  const out: { [key: string]: Compiled } = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = compileNode(value, tag, path ? `${path}.${key}` : key);
  }
  return out;
}

function compileMessage(icu: string, tag: string, path: string): Compiled {
  const mf = parse(icu, tag, path);
  const names = new Set<string>();
  collect(mf.getAst(), names);
  return names.size > 0 ? (...args: Value[]) => format(mf, args) : format(mf, []);
}

function parse(icu: string, tag: string, path: string): IntlMessageFormat {
  try {
    return new IntlMessageFormat(icu, tag, undefined, OPTIONS);
  } catch (err) {
    throw new Error(`message ${path} (${tag}): ${(err as Error).message}: ${icu}`);
  }
}

/** positional arguments become the values `{ 0: a, 1: b }`; one object of named values is passed as it is */
function format(mf: IntlMessageFormat, args: readonly Value[]): string {
  const [first] = args;
  if (args.length === 1 && typeof first === 'object' && first !== null)
    return String(mf.format(first));
  const values: Record<string, Value> = {};
  args.forEach((a, i) => (values[i] = a));
  return String(mf.format(values));
}

// the parser's element types (@formatjs/icu-messageformat-parser TYPE): 0 literal, 7 `#` in a plural, 8 tag;
// every other element names an argument
const LITERAL = 0;
const POUND = 7;
const TAG = 8;

function collect(ast: Ast, names: Set<string>): void {
  for (const el of ast) {
    if (el.type === TAG) collect(el.children, names);
    else if (el.type !== LITERAL && el.type !== POUND) names.add(el.value);
    if ('options' in el)
      for (const option of Object.values(el.options)) collect(option.value, names);
  }
}

function isList(node: TableNode): node is readonly string[] {
  return Array.isArray(node);
}
