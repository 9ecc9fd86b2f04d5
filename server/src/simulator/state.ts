import { AcquisitionState } from './acquisition-state.ts';
import type { DepartmentWire, ExternalContactWire, SimCustomer, SimFollow, SimGroupChat, SimTag, SimTagGroup, UserWire } from './types.ts';

/** Everything the simulator's corp consists of, before indexing. */
export interface CorpSnapshot {
  departments: DepartmentWire[];
  users: UserWire[];
  /** Members with 客户联系 enabled (get_follow_user_list); default: every member. */
  followUserIds?: string[];
  tagGroups: SimTagGroup[];
  tags: SimTag[];
  customers: SimCustomer[];
  groupChats: SimGroupChat[];
}

/**
 * The simulator's mutable corp with the indexes the endpoints need so every
 * call costs O(page size): customers by id, each member's customers in the
 * order they were added, tags by id, group chats in creation order.
 * Mutations go through the methods here so the indexes stay consistent.
 */
export class SimState {
  readonly departments: DepartmentWire[];
  readonly users = new Map<string, UserWire>();
  readonly followUsers: Set<string>;
  readonly customers = new Map<string, SimCustomer>();
  /** userid → external_userids this member follows, in add order. */
  readonly customersByUser = new Map<string, string[]>();
  readonly tagGroups = new Map<string, SimTagGroup>();
  readonly tags = new Map<string, SimTag>();
  /** Deleted tags/groups stay queryable by id (get_corp_tag_list answers deleted:true). */
  readonly deletedTags = new Map<string, SimTag>();
  readonly deletedTagGroups = new Map<string, SimTagGroup>();
  readonly groupChats = new Map<string, SimGroupChat>();
  /** 「联系我」, welcome codes, media, group welcome templates and join ways. */
  readonly acquisition = new AcquisitionState();
  /** Monotonic counter for ids minted by mutations (tags, chats, customers). */
  private serial = 0;

  constructor(corp: CorpSnapshot) {
    this.departments = corp.departments;
    for (const u of corp.users) this.users.set(u.userid, u);
    this.followUsers = new Set(corp.followUserIds ?? corp.users.map((u) => u.userid));
    for (const g of corp.tagGroups) this.tagGroups.set(g.group_id, g);
    for (const t of corp.tags) this.tags.set(t.id, t);
    for (const c of corp.customers) {
      this.customers.set(c.contact.external_userid, c);
      for (const f of c.follows) this.indexFollow(f.userid, c.contact.external_userid);
    }
    for (const g of corp.groupChats) this.groupChats.set(g.chat_id, g);
  }

  /** A fresh id with the given WeCom prefix (et…, wr…, wm…), unique in this process. */
  mintId(prefix: string, length = 32): string {
    this.serial += 1;
    const body = `SIM${Date.now().toString(36)}${this.serial.toString(36)}`.toUpperCase();
    return (prefix + body + 'A'.repeat(length)).slice(0, length);
  }

  counts(): {
    departments: number;
    users: number;
    customers: number;
    follows: number;
    tagGroups: number;
    tags: number;
    groupChats: number;
  } {
    let follows = 0;
    for (const list of this.customersByUser.values()) follows += list.length;
    return {
      departments: this.departments.length,
      users: this.users.size,
      customers: this.customers.size,
      follows,
      tagGroups: this.tagGroups.size,
      tags: this.tags.size,
      groupChats: this.groupChats.size,
    };
  }

  findFollow(userid: string, externalUserid: string): SimFollow | undefined {
    return this.customers.get(externalUserid)?.follows.find((f) => f.userid === userid);
  }

  addCustomer(contact: ExternalContactWire): SimCustomer {
    const existing = this.customers.get(contact.external_userid);
    if (existing) return existing;
    const customer: SimCustomer = { contact, follows: [] };
    this.customers.set(contact.external_userid, customer);
    return customer;
  }

  /** Adds (or replaces) a relation and indexes it under the member. */
  putFollow(externalUserid: string, follow: SimFollow): void {
    const customer = this.customers.get(externalUserid);
    if (!customer) throw new Error(`unknown customer ${externalUserid}`);
    const i = customer.follows.findIndex((f) => f.userid === follow.userid);
    if (i >= 0) {
      customer.follows[i] = follow;
      return;
    }
    customer.follows.push(follow);
    this.indexFollow(follow.userid, externalUserid);
  }

  /** Removes a relation; the customer record stays (get then answers 84061, as WeCom does). */
  removeFollow(userid: string, externalUserid: string): boolean {
    const customer = this.customers.get(externalUserid);
    if (!customer) return false;
    const i = customer.follows.findIndex((f) => f.userid === userid);
    if (i < 0) return false;
    customer.follows.splice(i, 1);
    const list = this.customersByUser.get(userid);
    if (list) {
      const j = list.lastIndexOf(externalUserid);
      if (j >= 0) list.splice(j, 1);
    }
    return true;
  }

  /** Tag groups in WeCom order (larger `order` first, then creation). */
  orderedTagGroups(): SimTagGroup[] {
    return [...this.tagGroups.values()].sort((a, b) => b.order - a.order || a.create_time - b.create_time);
  }

  private indexFollow(userid: string, externalUserid: string): void {
    let list = this.customersByUser.get(userid);
    if (!list) {
      list = [];
      this.customersByUser.set(userid, list);
    }
    list.push(externalUserid);
  }
}
