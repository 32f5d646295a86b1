import type { Metadata } from 'next';
import { FormatView } from '@/components/upload/FormatView';

export const metadata: Metadata = { title: 'Форматы файлов — ШНОР-Динамика' };

export default function FormatPage() {
  return <FormatView />;
}
