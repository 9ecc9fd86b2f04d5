/**
 * The demo corp's public shapes. The WeCom half uses WeCom's own wire shapes
 * (snake_case, wecom-api.md §5–6) so the simulator serves them as they are and
 * a full sync must reproduce them; the shop half is what the order feed sends.
 */
import type { InteractionPayloadEntry } from '@shared/timeline/payloads.ts';

export interface DemoOptions {
  seed: number;
  customers: number;
  guides: number;
  groups: number;
  /** orders per customer on average */
  ordersPerCustomer: number;
  /** "now" of the dataset; default fixed 2026-11-23T02:00:00Z so output is reproducible */
  now: Date;
  corpId: string;
}

export interface DemoDepartment {
  id: number;
  name: string;
  name_en?: string;
  parentid: number;
  order: number;
  department_leader: string[];
}

export interface DemoStaff {
  userid: string;
  name: string;
  department: number[];
  main_department: number;
  is_leader_in_dept: number[];
  position: string;
  gender: '0' | '1' | '2';
  avatar: string;
  status: 1 | 2 | 4 | 5;
  role: 'guide' | 'manager' | 'admin';
  is_follow_user: boolean;
}

export interface DemoTagGroup {
  group_id: string;
  group_name: string;
  create_time: number;
  order: number;
  tag: Array<{ id: string; name: string; create_time: number; order: number }>;
}

export interface DemoFollow {
  userid: string;
  remark: string;
  description: string;
  /** Our 称呼 (not a WeCom field): what this guide's messages call the customer. */
  salutation?: string;
  createtime: number;
  tag_ids: string[];
  remark_corp_name?: string;
  remark_mobiles: string[];
  add_way: number;
  state?: string;
  oper_userid: string;
}

export interface DemoCustomer {
  index: number;
  external_userid: string;
  name: string;
  avatar: string;
  type: 1 | 2;
  gender: 0 | 1 | 2;
  unionid?: string;
  corp_name?: string;
  position?: string;
  follows: DemoFollow[];
  /* non-WeCom facts used by orders/identity: */
  phone: string | null;
  member_no: string | null;
  birthday: string | null /* 'MM-DD' */;
}

export interface DemoGroupChat {
  chat_id: string;
  name: string;
  owner: string;
  create_time: number;
  notice: string;
  admin_list: string[];
  member_list: Array<{
    userid: string;
    type: 1 | 2;
    join_time: number;
    join_scene: 1 | 2 | 3;
    invitor?: string;
    group_nickname: string;
    name: string;
    unionid?: string;
  }>;
}

export interface DemoDirectory {
  departments: DemoDepartment[];
  staff: DemoStaff[];
  tagGroups: DemoTagGroup[];
}

export interface DemoOrder {
  source: 'shop';
  order_no: string;
  status: 'paid' | 'refunded' | 'partially_refunded' | 'cancelled';
  total_amount: number;
  paid_amount: number;
  refunded_amount: number;
  paid_at: Date;
  updated_at: Date;
  external_userid: string | null;
  unionid: string | null;
  phone: string | null;
  member_no: string | null;
  guide_userid: string | null;
  items: Array<{ sku: string; name: string; quantity: number; unit_price: number }>;
}

/** A timeline event; `type` and `payload` follow the shared interaction payload schemas. */
export type DemoInteraction = InteractionPayloadEntry & {
  customer_external_userid: string;
  staff_userid: string | null;
  occurred_at: Date;
  dedupe_key: string;
};
