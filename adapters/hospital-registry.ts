import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HospitalKeyRegistry, HospitalPublicKey } from '../domain/ebill-signature';
import type { HospitalLevel } from '../domain/schema-primitives';

/** A hospital as the national directory of designated hospitals lists it. */
export interface HospitalProfile {
  code: string;
  name: string;
  level: HospitalLevel;
  provinceCode: string;
  /** Designated for direct cross-province settlement and reimbursement. */
  designated: boolean;
}

export interface RegisteredKey {
  keyId: string;
  hospitalCode: string;
  publicKeyPem: string;
  revoked: boolean;
}

const profileKey = (code: string) => ({ PK: `HOSPITAL#${code}`, SK: 'PROFILE' });
const keyKey = (code: string, keyId: string) => ({ PK: `HOSPITAL#${code}`, SK: `KEY#${keyId}` });

/**
 * The hospital directory and the hospitals' e-bill signing keys, in the claims table
 * (PK HOSPITAL#<code>). Reads are cached briefly per container: keys change rarely, and a
 * revocation still takes effect within `cacheMs`.
 */
export class HospitalRegistry {
  private readonly cache = new Map<string, { at: number; value: Promise<HospitalEntry> }>();

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly cacheMs = 60_000,
  ) {}

  async register(profile: HospitalProfile, keys: RegisteredKey[] = []): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: { ...profileKey(profile.code), ...profile } }),
    );
    for (const key of keys) {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keyKey(key.hospitalCode, key.keyId), ...key },
        }),
      );
    }
    this.cache.delete(profile.code);
  }

  async revokeKey(hospitalCode: string, keyId: string): Promise<void> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keyKey(hospitalCode, keyId) }),
    );
    if (!Item) return;
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...Item, revoked: true } }));
    this.cache.delete(hospitalCode);
  }

  /** The hospital's directory entry and keys; an unknown hospital has no profile and no keys. */
  lookup(hospitalCode: string): Promise<HospitalEntry> {
    const cached = this.cache.get(hospitalCode);
    if (cached && Date.now() - cached.at < this.cacheMs) return cached.value;
    const value = this.load(hospitalCode);
    this.cache.set(hospitalCode, { at: Date.now(), value });
    value.catch(() => this.cache.delete(hospitalCode));
    return value;
  }

  private async load(hospitalCode: string): Promise<HospitalEntry> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': `HOSPITAL#${hospitalCode}` },
      }),
    );
    let profile: HospitalProfile | undefined;
    const keys = new Map<string, HospitalPublicKey>();
    for (const item of Items) {
      if (item.SK === 'PROFILE') {
        profile = {
          code: item.code,
          name: item.name,
          level: item.level,
          provinceCode: item.provinceCode,
          designated: item.designated,
        } as HospitalProfile;
      } else {
        const key = item as unknown as RegisteredKey;
        keys.set(key.keyId, {
          hospitalCode: key.hospitalCode,
          publicKey: key.publicKeyPem,
          revoked: key.revoked,
        });
      }
    }
    return { profile, keys };
  }
}

export interface HospitalEntry {
  profile: HospitalProfile | undefined;
  keys: HospitalKeyRegistry;
}
