import type { Metadata } from 'next';
import { SchoolView } from '@/components/SchoolView';

export const metadata: Metadata = { title: 'Карточка ОО — ШНОР-Динамика' };

export default function SchoolPage() {
  return <SchoolView />;
}
