import type { Metadata } from 'next';
import { ObjectivityView } from '@/components/ObjectivityView';

export const metadata: Metadata = { title: 'Объективность — ШНОР-Динамика' };

export default function ObjectivityPage() {
  return <ObjectivityView />;
}
