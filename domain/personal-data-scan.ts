/**
 * A scan of text that must hold no personal data in clear (log lines, stored notifications):
 * full 18-character ID numbers, full bank accounts (16–19 digits), and a person's name within a
 * few characters of an ID number, full or masked (a masked ID beside the full name identifies
 * the person as well). The names to look for are the people the system knows (the cases' insured).
 */
export interface PersonalDataFindings {
  idNumbers: string[];
  bankAccounts: string[];
  namesNextToIds: string[];
}

const FULL_ID = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const BANK_ACCOUNT = /(?<![0-9A-Za-z*])\d{16,19}(?![0-9A-Za-z])/g;
/** A full or masked ID number: 3304**********0019. */
const ANY_ID = /(?<![0-9A-Za-z])\d{4}[\d*]{10}\d{3}[\dXx*](?![0-9A-Za-z])/g;
/** How near a name must be to an ID to count as "next to" it. */
const NEAR = 40;

export function scanForPersonalData(
  lines: readonly string[],
  knownNames: readonly string[],
): PersonalDataFindings {
  const findings: PersonalDataFindings = { idNumbers: [], bankAccounts: [], namesNextToIds: [] };
  const names = [...new Set(knownNames.filter((n) => n.length >= 2))];
  for (const line of lines) {
    const ids = [...line.matchAll(FULL_ID)].map((m) => m[0]);
    findings.idNumbers.push(...ids);
    findings.bankAccounts.push(
      ...[...line.matchAll(BANK_ACCOUNT)]
        .map((m) => m[0])
        .filter((n) => !(n.length === 18 && ids.includes(n))),
    );
    for (const id of line.matchAll(ANY_ID)) {
      const around = line.slice(Math.max(0, id.index - NEAR), id.index + id[0].length + NEAR);
      for (const name of names) if (around.includes(name)) findings.namesNextToIds.push(`${name} ~ ${id[0]}`);
    }
  }
  return findings;
}
