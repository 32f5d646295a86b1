import type { Metadata } from 'next';
import { DynamicsView } from '@/components/DynamicsView';

export const metadata: Metadata = { title: 'Динамика — ШНОР-Динамика' };

export default function DynamicsPage() {
  return <DynamicsView />;
}
