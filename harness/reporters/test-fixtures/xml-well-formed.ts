/**
 * A strict, small XML 1.0 well-formedness check for the reporter tests: declaration, elements
 * with double-quoted attributes, text, entity references; tags must nest and close; one root.
 * Returns the elements with decoded attributes and text so tests can assert on content.
 */
export interface XmlElement {
  readonly name: string;
  readonly attrs: Record<string, string>;
  readonly parent: string | undefined;
  text: string;
}

const NAME = '[A-Za-z_][A-Za-z0-9_.-]*';
const ENTITY = /&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/g;

function decode(s: string): string {
  return s.replace(ENTITY, (m) =>
    m === '&amp;'
      ? '&'
      : m === '&lt;'
        ? '<'
        : m === '&gt;'
          ? '>'
          : m === '&quot;'
            ? '"'
            : m === '&apos;'
              ? "'"
              : String.fromCodePoint(m[2] === 'x' ? parseInt(m.slice(3, -1), 16) : parseInt(m.slice(2, -1), 10)),
  );
}

function checkChars(s: string, where: string, forbidden: RegExp): void {
  if (forbidden.test(s)) throw new Error(`${where}: forbidden character in ${JSON.stringify(s.slice(0, 80))}`);
  if (/&/.test(s.replace(ENTITY, ''))) throw new Error(`${where}: bare & in ${JSON.stringify(s.slice(0, 80))}`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(s)) throw new Error(`${where}: control character`);
}

export function parseWellFormedXml(xml: string): XmlElement[] {
  let i = 0;
  const decl = /^<\?xml [^?]*\?>\s*/.exec(xml);
  if (decl) i = decl[0].length;
  const stack: XmlElement[] = [];
  const elements: XmlElement[] = [];
  let roots = 0;
  const open = new RegExp(`^<(${NAME})((?:\\s+${NAME}="[^"]*")*)\\s*(/?)>`);
  const close = new RegExp(`^</(${NAME})\\s*>`);
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt === -1 ? xml.length : lt);
    if (text.trim()) {
      if (stack.length === 0) throw new Error(`text outside the root: ${JSON.stringify(text.slice(0, 40))}`);
      checkChars(text, 'text', />/);
      stack[stack.length - 1].text += decode(text);
    }
    if (lt === -1) break;
    const rest = xml.slice(lt);
    const c = close.exec(rest);
    if (c) {
      const top = stack.pop();
      if (!top || top.name !== c[1]) throw new Error(`</${c[1]}> closes ${top ? `<${top.name}>` : 'nothing'}`);
      i = lt + c[0].length;
      continue;
    }
    const o = open.exec(rest);
    if (!o) throw new Error(`malformed tag at ${lt}: ${JSON.stringify(rest.slice(0, 80))}`);
    const attrs: Record<string, string> = {};
    for (const a of o[2].matchAll(new RegExp(`(${NAME})="([^"]*)"`, 'g'))) {
      checkChars(a[2], `attribute ${a[1]}`, /</);
      if (a[1] in attrs) throw new Error(`duplicate attribute ${a[1]}`);
      attrs[a[1]] = decode(a[2]);
    }
    if (stack.length === 0) roots += 1;
    const el: XmlElement = { name: o[1], attrs, parent: stack[stack.length - 1]?.name, text: '' };
    elements.push(el);
    if (o[3] !== '/') stack.push(el);
    i = lt + o[0].length;
  }
  if (stack.length) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  if (roots !== 1) throw new Error(`expected one root element, found ${roots}`);
  return elements;
}
