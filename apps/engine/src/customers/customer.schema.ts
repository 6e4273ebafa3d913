import { Schema } from 'mongoose';

export interface CustomerRecord {
  tenantId: string;
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  /** the user who owns the relationship (sticky routing, SOP tasks) */
  owner: string | null;
  source: string | null;
  region: string | null;
  tags: string[];
  /** custom attributes: keys are checked (letters, digits, _) before they reach the database */
  attributes: Record<string, string | number | boolean>;
  /** when the customer last replied (cancels SOP cadences, measures first response) */
  repliedAt: Date | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export const CustomerSchema = new Schema<CustomerRecord>(
  {
    tenantId: { type: String, required: true },
    id: { type: String, required: true },
    name: { type: String, required: true },
    email: { type: String, default: null },
    phone: { type: String, default: null },
    owner: { type: String, default: null },
    source: { type: String, default: null },
    region: { type: String, default: null },
    tags: { type: [String], default: [] },
    attributes: { type: Schema.Types.Mixed, default: {} },
    repliedAt: { type: Date, default: null },
    createdBy: { type: String, required: true },
  },
  { collection: 'customers', timestamps: true, versionKey: false, minimize: false },
);
CustomerSchema.index({ tenantId: 1, id: 1 }, { unique: true });
CustomerSchema.index({ tenantId: 1, tags: 1 });
CustomerSchema.index({ tenantId: 1, owner: 1 });

export const CUSTOMER = 'Customer';
