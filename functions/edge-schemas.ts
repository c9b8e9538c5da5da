import type { z } from 'zod';
import { BankErrorSchema, TransferRequestSchema, TransferSchema } from '../adapters/bank-api';
import { DischargeSummarySchema } from '../adapters/hospital-client';
import { CatalogueSchema } from '../domain/catalogue';
import { HomeRegionRecordSchema, SettlementReportSchema } from '../domain/home-region';
import { StoredClaimCaseSchema } from '../domain/stored-case';
import { EVENT_CONTRACTS } from '../events/catalog';
import { SourcedVisitsSchema } from '../domain/visits';
import { API_ROUTE_LIST, ErrorResponseSchema } from './api-routes';

/**
 * Every zod schema of data that crosses an edge of crossclaim: the API's requests and answers,
 * the events it publishes and consumes, and what it exchanges with hospitals, the bank and home
 * regions, and the case record as the table keeps it. Each field of each of them has a classification label (domain/data-classification.ts);
 * test/security/data-classification.test.ts walks them all.
 */
export function edgeSchemas(): { name: string; schema: z.ZodType }[] {
  const routes = API_ROUTE_LIST.flatMap((route) => {
    const name = `${route.method} ${route.path}`;
    return [
      ...(route.request.params ? [{ name: `${name} params`, schema: route.request.params }] : []),
      ...(route.request.query ? [{ name: `${name} query`, schema: route.request.query }] : []),
      ...(route.request.body ? [{ name: `${name} body`, schema: route.request.body }] : []),
      { name: `${name} ${route.success.status}`, schema: route.success.body },
    ];
  });
  const events = Object.entries(EVENT_CONTRACTS).map(([detailType, contract]) => ({
    name: `event ${detailType}`,
    schema: contract.schema as z.ZodType,
  }));
  return [
    ...routes,
    { name: 'API error', schema: ErrorResponseSchema },
    ...events,
    { name: 'bank transfer request', schema: TransferRequestSchema },
    { name: 'bank transfer', schema: TransferSchema },
    { name: 'bank error', schema: BankErrorSchema },
    { name: 'hospital discharge summary', schema: DischargeSummarySchema },
    { name: 'home region record', schema: HomeRegionRecordSchema },
    { name: 'home region settlement report', schema: SettlementReportSchema },
    { name: 'home region catalogue', schema: CatalogueSchema },
    // The table is an edge too: the case record as stored.
    { name: 'stored claim case', schema: StoredClaimCaseSchema },
    { name: 'visit source visits', schema: SourcedVisitsSchema },
  ];
}
