import type { Metadata } from 'next';
import { RegionsView } from '@/components/RegionsView';

export const metadata: Metadata = { title: 'Регионы — ШНОР-Динамика' };

export default function RegionsPage() {
  return <RegionsView />;
}
