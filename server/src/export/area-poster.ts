import QRCode from 'qrcode';
import type { PublicArea, PublicCommune } from '@ecc/shared';
import { CONTEST_LABELS, CONTESTS, USUAL_HOURS, viDate } from '@ecc/shared';
import { ensureFonts } from './pdf-fonts.js';

const KIND = {
  regular: '',
  separate: ' (khu vực bỏ phiếu riêng)',
  'armed-forces': ' (khu vực bỏ phiếu lực lượng vũ trang)',
};

/** One A4 page for a polling area: its details and a large QR code opening its public page (§5 posting). */
async function page(c: PublicCommune, a: PublicArea, url: string, last: boolean): Promise<unknown[]> {
  // Error correction M and a wide quiet zone: the poster is photographed at an angle, in poor light.
  const qr = await QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 4, width: 720 });
  const date = viDate(a.votingDate);
  const units = CONTESTS.filter((k) => c.units[a.units[k]]).map((k) => {
    const u = c.units[a.units[k]]!;
    return {
      text: [
        { text: `${CONTEST_LABELS[k].vi}: `, bold: true },
        `${u.name} — ${u.seats} đại biểu được bầu, ${u.candidates.length} người ứng cử`,
      ],
      margin: [0, 0, 0, 4],
    };
  });
  return [
    { text: 'THÔNG TIN KHU VỰC BỎ PHIẾU', fontSize: 20, bold: true, alignment: 'center' },
    { text: c.election.name, alignment: 'center', margin: [0, 4, 0, 14] },
    { text: `${a.name}${KIND[a.kind]}`, fontSize: 18, bold: true },
    { text: `${c.commune.fullName}, ${c.province.fullName}`, fontSize: 13, margin: [0, 2, 0, 8] },
    { text: [{ text: 'Địa điểm bỏ phiếu: ', bold: true }, a.address], fontSize: 13, margin: [0, 0, 0, 4] },
    {
      text: [
        { text: a.early ? 'Bỏ phiếu sớm ngày: ' : 'Ngày bỏ phiếu: ', bold: true },
        `${date}, từ ${USUAL_HOURS.open} đến ${USUAL_HOURS.close} `,
        `(tổ bầu cử có thể bắt đầu từ ${c.election.windowOpen}, kết thúc muộn nhất ${c.election.windowClose})`,
      ],
      fontSize: 13,
      margin: [0, 0, 0, 12],
    },
    ...units,
    { image: qr, width: 300, alignment: 'center', margin: [0, 18, 0, 6] },
    {
      text: 'Quét mã để xem đơn vị bầu cử, danh sách và tiểu sử tóm tắt người ứng cử, vị trí trên bản đồ',
      alignment: 'center',
      fontSize: 12,
    },
    { text: url, alignment: 'center', fontSize: 10, color: '#333', margin: [0, 4, 0, 0] },
    {
      text: `Niêm yết cùng danh sách cử tri — mã khu vực ${a.id}`,
      alignment: 'center',
      fontSize: 9,
      color: '#555',
      margin: [0, 24, 0, 0],
      ...(last ? {} : { pageBreak: 'after' }),
    },
  ];
}

/**
 * Printable A4 posters, one page per polling area, for posting beside the voter list (§5). `urlOf` gives each
 * area's public address (what the QR code encodes).
 */
export async function areaPostersPdf(c: PublicCommune, areas: PublicArea[], urlOf: (a: PublicArea) => string) {
  const pdfmake = ensureFonts();
  const pages = await Promise.all(areas.map((a, i) => page(c, a, urlOf(a), i === areas.length - 1)));
  const doc = {
    pageSize: 'A4',
    pageMargins: [48, 48, 48, 40],
    defaultStyle: { font: 'DejaVu', fontSize: 12 },
    info: { title: `Khu vực bỏ phiếu — ${c.commune.fullName}` },
    content: pages.flat(),
  };
  return pdfmake.createPdf(doc).getBuffer();
}
