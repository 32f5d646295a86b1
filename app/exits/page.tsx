import type { Metadata } from 'next';
import { ExitsView } from '@/components/ExitsView';

export const metadata: Metadata = { title: 'Выход из перечня — ШНОР-Динамика' };

export default function ExitsPage() {
  return <ExitsView />;
}
