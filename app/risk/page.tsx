import type { Metadata } from 'next';
import { RiskView } from '@/components/RiskView';

export const metadata: Metadata = { title: 'Группа риска — ШНОР-Динамика' };

export default function RiskPage() {
  return <RiskView />;
}
