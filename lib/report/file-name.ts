// A report file's name: the territory, the list when it is not the default one (so that the reports of two
// lists for one territory and year do not take one name), the year.
import { DEFAULT_LIST } from '../filters';

const slug = (s: string) => s.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '');

/** «spravka-Каменский-район-500-2023.docx». */
export function reportFileName(territory: string, list: string, year: number | null, ext: string): string {
  return `spravka-${slug(territory)}${list === DEFAULT_LIST ? '' : `-${slug(list)}`}${year ? `-${year}` : ''}.${ext}`;
}
