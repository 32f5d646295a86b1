// A valid results file of n rows as Excel would save it (;, CRLF, decimal commas): the large-upload case.
export function bigResultsCsv(n: number): string {
  const schools = 100_000;
  const combos = ['Математика;4', 'Русский язык;4', 'Математика;5', 'Русский язык;5', 'История;5', 'Биология;6', 'География;7', 'Физика;8', 'Химия;8', 'Английский язык;7'];
  const lines = ['Год;Процедура;Предмет;Класс;Код ОО;Участников;2;3;4;5;Средний балл'];
  for (let i = 0; i < n; i++) {
    const participants = 20 + (i % 30);
    const m2 = i % 5;
    lines.push(`2024;ВПР;${combos[Math.floor(i / schools) % combos.length]};${String(i % schools).padStart(6, '0')};${participants};${m2};8;6;${participants - m2 - 14};${10 + (i % 20)},${i % 10}`);
  }
  return lines.join('\r\n') + '\r\n';
}
