/** The app's sections: tab labels and the hash each lives at (#train …). */
import { SECTIONS, type Section } from '../store';

export const SECTION_LABELS: Record<Section, string> = {
  draw: 'Draw',
  train: 'Train',
  teach: 'Teach',
  inspect: 'Look inside',
  library: 'Library',
};

/** The section a URL hash names, or `draw`. */
export function sectionFromHash(hash: string): Section {
  const name = hash.replace(/^#\/?/, '');
  return (SECTIONS as readonly string[]).includes(name) ? (name as Section) : 'draw';
}
