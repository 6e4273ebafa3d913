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
