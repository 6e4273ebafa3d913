import Handlebars from 'handlebars';

/**
 * Message texts are Handlebars with HTML escaping on and prototype access
 * off. An isolated environment keeps helpers registered here out of any other
 * Handlebars user in the same process.
 */
const handlebars = Handlebars.create();

export type CompiledText = (data: object) => string;

/** The parse error of a template, or null when it parses. */
export function checkTemplate(text: string): string | null {
  try {
    handlebars.parse(text);
    return null;
  } catch (error) {
    return (error as Error).message.split('\n')[0] ?? 'does not parse';
  }
}

/** `plain`: no HTML escaping, for texts that are not HTML (chat messages, JSON string values). */
export function compileText(text: string, { plain = false }: { plain?: boolean } = {}): CompiledText {
  const template = handlebars.compile(text, { strict: false, noEscape: plain });
  return (data) =>
    template(data, {
      allowProtoPropertiesByDefault: false,
      allowProtoMethodsByDefault: false,
    });
}

export function renderText(text: string, data: object): string {
  return compileText(text)(data);
}

/** Renders a text that is not HTML: no escaping, still no prototype access. */
export function renderPlain(text: string, data: object): string {
  return compileText(text, { plain: true })(data);
}

/**
 * The data paths a template reads ("customer.name", "campaign.name"), for
 * refusing unknown variables before anything is sent. Paths inside #each and
 * #with blocks are relative to their item and are not listed; helpers'
 * names are not paths.
 */
export function templatePaths(text: string): string[] {
  const paths = new Set<string>();
  const visit = (node: unknown, inBlock: boolean): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as { type?: string; [key: string]: unknown };
    if (n.type === 'PathExpression') {
      const p = n as unknown as { original: string; data: boolean; depth: number; parts: string[] };
      if (!inBlock && !p.data && p.depth === 0 && p.parts.length > 0 && p.original !== 'this') paths.add(p.parts.join('.'));
      return;
    }
    if (n.type === 'MustacheStatement' || n.type === 'SubExpression' || n.type === 'BlockStatement') {
      const params = (n.params as unknown[]) ?? [];
      const isHelperCall = params.length > 0 || n.type === 'BlockStatement';
      if (!isHelperCall) visit(n.path, inBlock);
      for (const param of params) visit(param, inBlock);
      const hash = n.hash as { pairs?: Array<{ value: unknown }> } | undefined;
      for (const pair of hash?.pairs ?? []) visit(pair.value, inBlock);
      if (n.type === 'BlockStatement') {
        const helper = (n.path as { original?: string }).original;
        const scoped = inBlock || helper === 'each' || helper === 'with';
        visit(n.program, scoped);
        visit(n.inverse, inBlock);
      }
      return;
    }
    if (n.type === 'Program') for (const child of (n.body as unknown[]) ?? []) visit(child, inBlock);
  };
  visit(handlebars.parse(text), false);
  return [...paths];
}
