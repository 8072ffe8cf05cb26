/**
 * A deliberately strict, small XML well-formedness check for the tests:
 * one root, balanced and properly nested tags, quoted attributes without
 * raw `<` or `&`, only the five predefined entities or numeric references.
 */
export function assertWellFormedXml(xml: string): void {
  let s = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  let roots = 0;
  const entity = /&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/y;
  const checkText = (t: string, where: string): void => {
    for (let i = 0; i < t.length; i++) {
      if (t[i] === '<') throw new Error(`raw < in ${where}: ${t}`);
      if (t[i] === '&') {
        entity.lastIndex = i;
        if (!entity.test(t)) throw new Error(`bad entity in ${where}: ${t.slice(i, i + 10)}`);
      }
    }
  };
  while (s.length > 0) {
    const lt = s.indexOf('<');
    if (lt < 0) {
      checkText(s, 'text');
      if (s.trim() !== '') throw new Error('text after the root');
      break;
    }
    const text = s.slice(0, lt);
    checkText(text, 'text');
    if (stack.length === 0 && text.trim() !== '') throw new Error(`text outside the root: ${text}`);
    const gt = s.indexOf('>', lt);
    if (gt < 0) throw new Error('unterminated tag');
    const tag = s.slice(lt + 1, gt);
    s = s.slice(gt + 1);
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      if (stack.pop() !== name) throw new Error(`mismatched </${name}>`);
      continue;
    }
    const m = /^([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.:-]*="[^"]*")*)\s*(\/?)$/.exec(tag);
    if (!m) throw new Error(`malformed tag <${tag}>`);
    for (const a of (m[2] ?? '').matchAll(/="([^"]*)"/g)) checkText(a[1] ?? '', `attribute of <${m[1]}>`);
    const attrs = [...(m[2] ?? '').matchAll(/([A-Za-z_][\w.:-]*)=/g)].map((a) => a[1]);
    if (new Set(attrs).size !== attrs.length) throw new Error(`duplicate attribute in <${m[1]}>`);
    if (stack.length === 0) roots++;
    if (m[3] !== '/') stack.push(m[1]!);
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack.join('>, <')}>`);
  if (roots !== 1) throw new Error(`${roots} root elements`);
}
