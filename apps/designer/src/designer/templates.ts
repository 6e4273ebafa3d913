import type { Definition } from '@baton/dsl';

/** Every template of templates/, bundled at build time. */
const modules = import.meta.glob<Definition>('../../../../templates/*.json', { eager: true, import: 'default' });

export const TEMPLATES: Definition[] = Object.values(modules).sort((a, b) => a.name.localeCompare(b.name));
