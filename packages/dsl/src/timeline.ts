/**
 * Why the engine did something on its own, as data (a code and its
 * parameters) that the timeline renders in each language. The code is what
 * is stored; the words may improve without touching stored history.
 */

export type ReasonCode =
  | 'missingManager' | 'inNoDepartment' | 'noHead' | 'emptyRole' | 'emptyField' | 'noneChosen'
  | 'nobodyResolved' | 'approvedBefore' | 'initiatorIsApprover'
  | 'deadlineDecided' | 'deadlineNear' | 'quorumUnreachable' | 'reminded' | 'escalated' | 'escalatedTo' | 'delegated' | 'leftOrganisation'
  | 'viaLink' | 'resubmitRestarts' | 'unchangedSkipped' | 'escalatedLevel';

export type ReasonParams = Record<string, string | number>;

export interface Reason {
  code: ReasonCode;
  params: ReasonParams;
}

export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

export const reason = (code: ReasonCode, params: ReasonParams = {}): Reason => ({ code, params });

type Words = (p: Record<string, string>) => string;

const auto = (decision: string, zh: boolean) => (decision === 'approve' || decision === 'approved' ? (zh ? '自动通过' : 'approved automatically') : (zh ? '自动驳回' : 'rejected automatically'));

const TEXTS: Record<ReasonCode, Record<Locale, Words>> = {
  missingManager: { en: (p) => `the initiator has no level-${p.level} manager`, 'zh-CN': (p) => `发起人没有第 ${p.level} 级主管` },
  inNoDepartment: { en: () => 'the initiator is in no department', 'zh-CN': () => '发起人不属于任何部门' },
  noHead: { en: (p) => `department ${p.department} has no head`, 'zh-CN': (p) => `部门 ${p.department} 没有负责人` },
  emptyRole: { en: (p) => `nobody has the role ${p.role}`, 'zh-CN': (p) => `没有人担任角色 ${p.role}` },
  emptyField: { en: (p) => `form field ${p.field} names nobody`, 'zh-CN': (p) => `表单字段 ${p.field} 未选择人员` },
  noneChosen: { en: () => 'the initiator chose nobody', 'zh-CN': () => '发起人未选择审批人' },
  nobodyResolved: {
    en: (p) => `no approver resolved; ${p.policy === 'admin' ? `handed to ${p.admin}` : auto(p.policy!, false)}`,
    'zh-CN': (p) => `未找到审批人；${p.policy === 'admin' ? `转交给 ${p.admin}` : auto(p.policy!, true)}`,
  },
  approvedBefore: { en: (p) => `${p.who} approved automatically (approved before)`, 'zh-CN': (p) => `${p.who} 已在之前审批过，自动通过` },
  initiatorIsApprover: { en: (p) => `${p.who} approved automatically (is the initiator)`, 'zh-CN': (p) => `${p.who} 是发起人，自动通过` },
  deadlineDecided: { en: (p) => `no decision in time; ${auto(p.decision!, false)}`, 'zh-CN': (p) => `超时未处理，${auto(p.decision!, true)}` },
  deadlineNear: { en: (p) => `${p.percent} % of the time to decide has passed; warned the approvers`, 'zh-CN': (p) => `处理时限已过 ${p.percent}%，已提醒审批人` },
  quorumUnreachable: { en: () => 'too few people to meet the quorum; rejected automatically', 'zh-CN': () => '人数不足，无法达到审批要求，自动驳回' },
  reminded: { en: () => 'reminded the approvers', 'zh-CN': () => '已提醒审批人' },
  escalated: { en: () => 'escalated to the approvers\' managers', 'zh-CN': () => '已升级给审批人的主管' },
  escalatedTo: { en: (p) => `escalated from ${p.from} to ${p.to}`, 'zh-CN': (p) => `已从 ${p.from} 升级给 ${p.to}` },
  delegated: { en: (p) => `${p.from} is out of office; delegated to ${p.to}`, 'zh-CN': (p) => `${p.from} 不在办公室，已委托给 ${p.to}` },
  leftOrganisation: { en: (p) => `${p.from} has left; transferred to ${p.to}`, 'zh-CN': (p) => `${p.from} 已离职，已转交给 ${p.to}` },
  viaLink: { en: (p) => `via ${p.channel === 'chat' ? 'chat' : 'e-mail'} link`, 'zh-CN': (p) => `通过${p.channel === 'chat' ? '聊天消息' : '邮件'}链接` },
  resubmitRestarts: { en: () => 'resubmitted; the whole path runs again', 'zh-CN': () => '重新提交，从头重新审批' },
  unchangedSkipped: {
    en: (p) => (p.fields ? `skipped: the fields ${p.fields} did not change since it approved` : 'skipped: nothing changed since it approved'),
    'zh-CN': (p) => (p.fields ? `已跳过：字段 ${p.fields} 自上次通过后未修改` : '已跳过：自上次通过后未修改'),
  },
  escalatedLevel: { en: (p) => `escalated to level ${p.level}`, 'zh-CN': (p) => `已升级到第 ${p.level} 级` },
};

/** A reason in words, in one language. */
export function explain(r: Reason, locale: Locale = 'en'): string {
  const params = Object.fromEntries(Object.entries(r.params).map(([k, v]) => [k, String(v)]));
  return TEXTS[r.code][locale](params);
}

/** A reason in every language the product speaks. */
export function explainAll(r: Reason): Record<Locale, string> {
  return Object.fromEntries(LOCALES.map((l) => [l, explain(r, l)])) as Record<Locale, string>;
}

/** An automatic step as the timeline shows it: by the system, with its reason. */
export interface AutomaticStep {
  type: 'automatic';
  actor: 'system';
  node: string;
  /** absent for a custom node's note, which is plain words */
  reason?: Reason;
  /** the reason in English, for readers of the raw history */
  outcome: string;
}

/**
 * The automatic steps an event led to: the notes the machine added while
 * handling it (rules applied, people not found, deadlines), in order.
 */
export function automaticSteps(before: readonly { reason?: Reason }[], after: ReadonlyArray<{ node: string; reason?: Reason; note: string }>): AutomaticStep[] {
  return after.slice(before.length).map((n) => (n.reason
    ? { type: 'automatic', actor: 'system', node: n.node, reason: n.reason, outcome: explain(n.reason) }
    : { type: 'automatic', actor: 'system', node: n.node, outcome: n.note }));
}
