import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

/**
 * Every visible label in English and Simplified Chinese. Keys are grouped by
 * page; the language choice is kept in localStorage.
 */
export const resources = {
  en: {
    translation: {
      app: { designer: 'Designer', portal: 'Requests', inbox: 'Inbox', admin: 'Admin', signOut: 'Sign out', language: 'Language' },
      login: { title: 'Sign in to Baton', tenant: 'Organisation', email: 'E-mail', password: 'Password', submit: 'Sign in', failed: 'Sign-in failed: {{message}}' },
      designer: {
        palette: 'Palette', search: 'Search nodes', blank: 'Blank canvas', templates: 'Templates', open: 'Open', import: 'Import JSON',
        save: 'Save draft', saved: 'Draft saved', publish: 'Publish', publishNote: 'Note for this version', published: 'Published version {{version}}',
        publishBlocked: 'Fix the problems before publishing', undo: 'Undo', redo: 'Redo', layout: 'Auto layout', fit: 'Zoom to fit',
        delete: 'Delete', copy: 'Copy', paste: 'Paste', properties: 'Properties', problems: 'Problems ({{count}})', noProblems: 'No problems',
        form: 'Form', simulator: 'Simulator', versions: 'Versions', settings: 'Definition', id: 'Id', name: 'Name', category: 'Category',
        kind: 'Kind', description: 'Description', nothingSelected: 'Select a node or an edge', title: 'Title', nodeType: 'Type',
        outgoing: 'Outgoing edges', addEdge: 'Connect to', target: 'Target', output: 'Output', label: 'Label', condition: 'Condition',
        addCondition: 'Add a condition', removeCondition: 'Remove condition', removeEdge: 'Remove edge', edge: 'Edge {{from}} → {{to}}',
        config: 'Settings', fieldPermissions: 'Field permissions', editable: 'Editable', readonly: 'Read-only', hidden: 'Hidden',
        definitionList: 'Definitions', draftOf: 'Draft', latest: 'Latest version', none: 'none',
      },
      form: {
        addField: 'Add field', key: 'Key', label: 'Label', type: 'Type', required: 'Required', options: 'Options (value:label, comma separated)',
        min: 'Min', max: 'Max', up: 'Up', down: 'Down', remove: 'Remove', preview: 'Preview', fields: 'Fields',
        multiple: 'Several', columns: 'Columns', addColumn: 'Add column',
      },
      gallery: { title: 'Template gallery', search: 'Search templates', use: 'Use this template', preview: 'Preview', all: 'All categories', close: 'Close' },
      versions: { title: 'Versions', compare: 'Compare', added: 'Added', removed: 'Removed', changed: 'Changed', noChange: 'No node changed', version: 'Version {{version}}', note: 'Note' },
      sim: {
        title: 'Simulator', data: 'Sample form data (JSON)', initiator: 'Initiator', start: 'Start', reset: 'Reset', asked: 'Asks {{people}}',
        approve: 'Approve', reject: 'Reject', status: 'Status: {{status}}', path: 'Path: {{path}}', invalid: 'The definition has problems: fix them to simulate',
        badJson: 'The sample data is not valid JSON', waiting: 'Waiting at {{node}}', nobody: 'nobody',
        choosePerson: 'Choose a person', whoIsAsked: 'Who each approval step would ask',
        whenNobody: { approve: 'nobody found: approved automatically', reject: 'nobody found: rejected automatically', admin: 'nobody found: handed to {{admin}}' },
      },
      table: { add: 'Add row', empty: 'No rows yet', actions: 'Row actions', up: 'Move row {{row}} up', down: 'Move row {{row}} down', remove: 'Remove row {{row}}' },
      attachment: {
        limits: 'Up to {{max}} per file', remove: 'Remove {{name}}', downloadFailed: 'could not download',
        failed: '{{field}}: {{name}} was not uploaded: {{message}}', empty: '{{field}}: {{name}} is empty',
        tooLarge: '{{field}}: {{name}} is larger than {{max}}', badType: '{{field}}: {{name}} is of type {{type}}; accepted: {{types}}',
      },
      portal: {
        catalogue: 'New request', mine: 'My requests', submit: 'Submit', submitted: 'Submitted {{serial}}', withdraw: 'Withdraw', resubmit: 'Resubmit',
        urge: 'Urge', status: 'Status', timeline: 'Timeline', pending: 'Pending with {{people}}', comments: 'Comments', comment: 'Comment', send: 'Send',
        noDefinitions: 'No published forms yet', back: 'Back', required: 'required', chooseFile: 'Attachment id', uncategorised: 'Other',
      },
      status: { running: 'Running', returned: 'Returned', completed: 'Completed', rejected: 'Rejected', withdrawn: 'Withdrawn', pending: 'Pending', approved: 'Approved', cancelled: 'Cancelled', transferred: 'Transferred', waiting: 'Waiting' },
      inbox: {
        pending: 'Pending ({{count}})', done: 'Done ({{count}})', copied: 'Copied to me ({{count}})', approve: 'Approve', reject: 'Reject', return: 'Return',
        transfer: 'Transfer', addSigner: 'Add signer', before: 'before me', after: 'after me', comment: 'Comment', sign: 'Signature', clear: 'Clear',
        bulkApprove: 'Approve selected', to: 'To', returnTo: 'Return to', previous: 'Previous step', initiator: 'Initiator', empty: 'Nothing here',
        decided: 'Done', select: 'Select', open: 'Open', urge: 'Urge',
      },
      nodeTypes: { start: 'Start', end: 'End', branch: 'Condition branch', parallel: 'Parallel branches', join: 'Join', approval: 'Approval', cc: 'Copy (CC)', delay: 'Delay', 'set-vars': 'Set variables' },
      categories: { flow: 'Flow', people: 'People', timing: 'Timing', data: 'Data', integration: 'Integration' },
      config: {
        title: 'Task title', assignees: 'Approvers', type: 'Who', value: 'Person, role, department or field', level: 'Manager level',
        mode: 'Mode', passRatio: 'Pass ratio', whenNobody: 'When nobody is found', admin: 'Administrator', skipApproved: 'Skip earlier approvers',
        whenInitiator: 'When the initiator approves', requireSignature: 'Require a signature', deadlines: 'Deadlines', remindAfter: 'Remind after',
        escalateAfter: 'Escalate after', decideAfter: 'Decide after', decision: 'Automatic decision', status: 'Status', duration: 'Duration',
        to: 'To', vars: 'Variables', mode_all: 'All',
      },
      admin: {
        org: 'Organisation', users: 'People', audit: 'Audit log', instances: 'Requests', offboard: 'Offboard', successor: 'Successor (optional)',
        offboarded: '{{id}} offboarded', action: 'Action', actor: 'Actor', from: 'From', to: 'To', filter: 'Filter', roles: 'Roles', manager: 'Manager',
        view: 'View', when: 'When', inactive: 'inactive',
      },
    },
  },
  'zh-CN': {
    translation: {
      app: { designer: '流程设计', portal: '申请', inbox: '待办', admin: '管理', signOut: '退出登录', language: '语言' },
      login: { title: '登录 Baton', tenant: '组织', email: '邮箱', password: '密码', submit: '登录', failed: '登录失败：{{message}}' },
      designer: {
        palette: '节点库', search: '搜索节点', blank: '空白画布', templates: '模板', open: '打开', import: '导入 JSON',
        save: '保存草稿', saved: '草稿已保存', publish: '发布', publishNote: '本版本说明', published: '已发布版本 {{version}}',
        publishBlocked: '请先修复问题再发布', undo: '撤销', redo: '重做', layout: '自动布局', fit: '适应画布',
        delete: '删除', copy: '复制', paste: '粘贴', properties: '属性', problems: '问题（{{count}}）', noProblems: '没有问题',
        form: '表单', simulator: '模拟运行', versions: '版本', settings: '流程定义', id: '标识', name: '名称', category: '分类',
        kind: '类型', description: '描述', nothingSelected: '请选择一个节点或连线', title: '标题', nodeType: '节点类型',
        outgoing: '出口连线', addEdge: '连接到', target: '目标', output: '出口', label: '标签', condition: '条件',
        addCondition: '添加条件', removeCondition: '移除条件', removeEdge: '删除连线', edge: '连线 {{from}} → {{to}}',
        config: '设置', fieldPermissions: '字段权限', editable: '可编辑', readonly: '只读', hidden: '隐藏',
        definitionList: '流程列表', draftOf: '草稿', latest: '最新版本', none: '无',
      },
      form: {
        addField: '添加字段', key: '字段键', label: '标签', type: '类型', required: '必填', options: '选项（值:标签，逗号分隔）',
        min: '最小', max: '最大', up: '上移', down: '下移', remove: '移除', preview: '预览', fields: '字段',
        multiple: '可多选', columns: '列', addColumn: '添加列',
      },
      gallery: { title: '模板库', search: '搜索模板', use: '使用此模板', preview: '预览', all: '全部分类', close: '关闭' },
      versions: { title: '版本', compare: '比较', added: '新增', removed: '删除', changed: '修改', noChange: '没有节点变化', version: '版本 {{version}}', note: '说明' },
      sim: {
        title: '模拟运行', data: '示例表单数据（JSON）', initiator: '发起人', start: '开始', reset: '重置', asked: '审批人：{{people}}',
        approve: '同意', reject: '驳回', status: '状态：{{status}}', path: '路径：{{path}}', invalid: '流程定义有问题，请修复后再模拟',
        badJson: '示例数据不是有效的 JSON', waiting: '等待 {{node}}', nobody: '无人',
        choosePerson: '选择人员', whoIsAsked: '各审批节点的审批人',
        whenNobody: { approve: '找不到审批人：自动同意', reject: '找不到审批人：自动驳回', admin: '找不到审批人：转交 {{admin}}' },
      },
      table: { add: '添加行', empty: '暂无行', actions: '行操作', up: '第 {{row}} 行上移', down: '第 {{row}} 行下移', remove: '删除第 {{row}} 行' },
      attachment: {
        limits: '每个文件不超过 {{max}}', remove: '移除 {{name}}', downloadFailed: '无法下载',
        failed: '{{field}}：{{name}} 上传失败：{{message}}', empty: '{{field}}：{{name}} 是空文件',
        tooLarge: '{{field}}：{{name}} 超过 {{max}}', badType: '{{field}}：{{name}} 的类型为 {{type}}；允许的类型：{{types}}',
      },
      portal: {
        catalogue: '发起申请', mine: '我的申请', submit: '提交', submitted: '已提交 {{serial}}', withdraw: '撤回', resubmit: '重新提交',
        urge: '催办', status: '状态', timeline: '进度', pending: '等待 {{people}} 处理', comments: '评论', comment: '评论', send: '发送',
        noDefinitions: '还没有已发布的表单', back: '返回', required: '必填', chooseFile: '附件标识', uncategorised: '其他',
      },
      status: { running: '进行中', returned: '已退回', completed: '已完成', rejected: '已驳回', withdrawn: '已撤回', pending: '待处理', approved: '已同意', cancelled: '已取消', transferred: '已转交', waiting: '等待中' },
      inbox: {
        pending: '待处理（{{count}}）', done: '已处理（{{count}}）', copied: '抄送我的（{{count}}）', approve: '同意', reject: '驳回', return: '退回',
        transfer: '转交', addSigner: '加签', before: '在我之前', after: '在我之后', comment: '意见', sign: '签名', clear: '清除',
        bulkApprove: '批量同意', to: '给', returnTo: '退回到', previous: '上一步', initiator: '发起人', empty: '暂无内容',
        decided: '已处理', select: '选择', open: '打开', urge: '催办',
      },
      nodeTypes: { start: '开始', end: '结束', branch: '条件分支', parallel: '并行分支', join: '汇合', approval: '审批', cc: '抄送', delay: '延时', 'set-vars': '设置变量' },
      categories: { flow: '流程', people: '人员', timing: '时间', data: '数据', integration: '集成' },
      config: {
        title: '任务标题', assignees: '审批人', type: '方式', value: '人员、角色、部门或字段', level: '上级层级',
        mode: '审批方式', passRatio: '通过比例', whenNobody: '找不到审批人时', admin: '管理员', skipApproved: '跳过已审批的人',
        whenInitiator: '发起人即审批人时', requireSignature: '需要签名', deadlines: '时限', remindAfter: '提醒时间',
        escalateAfter: '升级时间', decideAfter: '自动处理时间', decision: '自动处理结果', status: '状态', duration: '时长',
        to: '给', vars: '变量', mode_all: '全部',
      },
      admin: {
        org: '组织架构', users: '人员', audit: '审计日志', instances: '申请', offboard: '离职交接', successor: '接替人（可选）',
        offboarded: '{{id}} 已离职', action: '操作', actor: '操作人', from: '从', to: '到', filter: '筛选', roles: '角色', manager: '上级',
        view: '查看', when: '时间', inactive: '已停用',
      },
    },
  },
} as const;

export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '简体中文' },
] as const;

const STORAGE_KEY = 'baton.language';

function savedLanguage(): string {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? 'en';
  } catch {
    return 'en';
  }
}

void i18n.use(initReactI18next).init({
  resources,
  lng: savedLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
});

export function changeLanguage(code: string): void {
  void i18n.changeLanguage(code);
  try {
    localStorage.setItem(STORAGE_KEY, code);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

export default i18n;
