import type { Metadata } from 'next';
import { MunicipalitiesView } from '@/components/MunicipalitiesView';

export const metadata: Metadata = { title: 'Муниципалитеты — ШНОР-Динамика' };

export default function MunicipalitiesPage() {
  return <MunicipalitiesView />;
}
