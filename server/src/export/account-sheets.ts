import type { Election } from '@ecc/shared';
import { ROLE_LABELS, drillMark, stampTitle } from '@ecc/shared';
import { electionCsv } from '../http/csv.js';
import type { Issued } from '../services/provisioning.service.js';
import { ensureFonts } from './pdf-fonts.js';

export function issuedCsv(list: Issued[], election?: Pick<Election, 'kind' | 'id'> | null): string {
  return electionCsv(
    ['sheet', 'username', 'one_time_password', 'role', 'jurisdiction', 'name'],
    list.map((i) => [i.sheet, i.username, i.password, i.role, i.jurisdiction, i.name]),
    election,
  );
}

/**
 * A printable sheet for one commune: one row per account, with a line to sign on handover. The passwords are
 * one-time: the first sign-in must set a new one.
 */
export async function accountSheetPdf(
  title: string,
  list: Issued[],
  printedAt: string,
  election?: Pick<Election, 'kind'> | null,
): Promise<Buffer> {
  const mark = drillMark(election);
  const pdfmake = ensureFonts();
  const rows = list.map((i) => [
    { text: i.name, bold: true },
    ROLE_LABELS[i.role].vi,
    i.jurisdiction,
    { text: i.username, font: 'DejaVu' },
    { text: i.password, bold: true },
    '',
  ]);
  const doc = {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [28, 40, 28, 40],
    defaultStyle: { font: 'DejaVu', fontSize: 9 },
    // A drill's sheets say so on every page, in red (issue 9).
    ...(mark
      ? { header: { text: mark.text, color: '#c0392b', bold: true, alignment: 'center', margin: [0, 14, 0, 0] } }
      : {}),
    content: [
      { text: stampTitle(`Tài khoản hệ thống điều hành bầu cử — ${title}`, election), fontSize: 14, bold: true },
      {
        text: `In lúc ${printedAt}. Mật khẩu dùng một lần: đổi ngay khi đăng nhập lần đầu. Không chụp ảnh, không gửi qua mạng.`,
        margin: [0, 4, 0, 10],
      },
      {
        table: {
          headerRows: 1,
          widths: ['*', 110, 110, 120, 110, 90],
          body: [
            ['Tên', 'Vai trò', 'Phạm vi', 'Tên đăng nhập', 'Mật khẩu một lần', 'Ký nhận'].map((t) => ({
              text: t,
              bold: true,
            })),
            ...rows,
          ],
        },
        layout: 'lightHorizontalLines',
      },
    ],
  };
  return pdfmake.createPdf(doc).getBuffer();
}
