import type { Metadata } from 'next';
import { UploadView } from '@/components/upload/UploadView';

export const metadata: Metadata = { title: 'Загрузка данных — ШНОР-Динамика' };

export default function UploadPage() {
  return <UploadView />;
}
