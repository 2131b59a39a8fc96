/** Builds an element with attributes and children (text or nodes): the plain-DOM parts' one way to make markup. */
export function el<Tag extends keyof HTMLElementTagNameMap>(
  tag: Tag,
  attributes: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[Tag] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

/** A `<button type="button">` that does `onClick` (called without the event). */
export function button(attributes: Record<string, string>, onClick: () => void, ...children: (Node | string)[]): HTMLButtonElement {
  const element = el('button', { type: 'button', ...attributes }, ...children);
  element.onclick = () => {
    onClick();
  };
  return element;
}
