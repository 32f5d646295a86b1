import type { Metadata } from 'next';
import { MethodologyView } from '@/components/MethodologyView';

export const metadata: Metadata = { title: 'Методика — ШНОР-Динамика' };

export default function MethodologyPage() {
  return <MethodologyView />;
}
