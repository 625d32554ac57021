import { slugify } from './slug';

/**
 * A new workspace note with its front matter filled in: the id from the title (also the file
 * name), the topic chosen, the next free order, and a body with the sections every note has.
 */
export function noteTemplate(title: string, topic: string, order: number): { id: string; text: string } {
  // Note ids are ASCII slugs: accents fall away, other letters are dropped.
  const id =
    slugify(title)
      .normalize('NFKD')
      .replace(/[^a-z0-9-]+/g, '')
      .replace(/-+/g, '-')
      .replace(/^-|-$/g, '') || 'new-note';
  const yamlString = (s: string) => JSON.stringify(s);
  const text = [
    '---',
    `id: ${id}`,
    `title: ${yamlString(title)}`,
    'summary: "One or two sentences: what goes wrong in production, and what this note says to do about it."',
    `topic: ${yamlString(topic)}`,
    `order: ${order}`,
    'tags: []',
    '---',
    '',
    'Open with the failure this note prevents, as a reader would meet it.',
    '',
    '## What happens',
    '',
    'Explain the mechanism.',
    '',
    '## What to do instead',
    '',
    'The pattern, with a short code example.',
    '',
    '## Checklist',
    '',
    '- One line per thing to check in review.',
    '',
  ].join('\n');
  return { id, text };
}
