/**
 * A made-up resident ID number for trying the local pages: Jiaxing's Nanhu district, a random
 * birth date and sequence, and a valid GB 11643 check digit (the API checks it), with an
 * obviously fake name. Never a real person's.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function checkDigit(first17: string): string {
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * (WEIGHTS[i] ?? 0), 0);
  return CHECK[sum % 11] ?? '0';
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const randomInt = (below: number) => Math.floor(Math.random() * below);

export function fakeIdentity(): { idNumber: string; name: string } {
  const birth = `${1960 + randomInt(40)}${pad(1 + randomInt(12), 2)}${pad(1 + randomInt(28), 2)}`;
  const first17 = `330402${birth}${pad(randomInt(1000), 3)}`;
  return { idNumber: first17 + checkDigit(first17), name: `测试患者${pad(randomInt(10000), 4)}` };
}
