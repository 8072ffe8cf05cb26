/**
 * Just enough Markdown for a runbook inside a report: headings, lists,
 * paragraphs, inline code. Everything is escaped first; no link becomes a
 * live link, so the page stays self-contained.
 */
import { escapeXml as esc } from './xml.js';

const inline = (s: string): string =>
  esc(s)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');

export function markdownLite(md: string): string {
  const out: string[] = [];
  let list: 'ul' | 'ol' | null = null;
  let code = false;
  const close = (): void => {
    if (list) out.push(`</${list}>`);
    list = null;
  };
  for (const line of md.split('\n')) {
    if (line.startsWith('```')) {
      close();
      out.push(code ? '</pre>' : '<pre>');
      code = !code;
      continue;
    }
    if (code) {
      out.push(esc(line));
      continue;
    }
    const h = /^(#{1,4})\s+(.*)$/.exec(line);
    const li = /^\s*([-*]|\d+\.)\s+(.*)$/.exec(line);
    if (h) {
      close();
      const level = Math.min(6, h[1]!.length + 2);
      out.push(`<h${level}>${inline(h[2]!)}</h${level}>`);
    } else if (li) {
      const kind = /\d/.test(li[1]!) ? 'ol' : 'ul';
      if (list !== kind) {
        close();
        out.push(`<${kind}>`);
        list = kind;
      }
      out.push(`<li>${inline(li[2]!)}</li>`);
    } else if (line.trim() === '') close();
    else if (list) out[out.length - 1] = out[out.length - 1]!.replace(/<\/li>$/, ` ${inline(line.trim())}</li>`);
    else out.push(`<p>${inline(line)}</p>`);
  }
  close();
  if (code) out.push('</pre>');
  return out.join('\n');
}
