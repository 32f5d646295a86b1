import type { Metadata } from 'next';
import { CohortsView } from '@/components/CohortsView';

export const metadata: Metadata = { title: 'Когорты — ШНОР-Динамика' };

export default function CohortsPage() {
  return <CohortsView />;
}
