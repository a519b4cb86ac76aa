/**
 * Escapes text for HTML element content AND quoted attribute values (also inside inline SVG).
 * Every string that reaches the report goes through this: scenario, variant and counter names,
 * sources, error messages and stderr tails come from user code and may contain markup.
 */
export function escapeHtml(text: unknown): string {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
