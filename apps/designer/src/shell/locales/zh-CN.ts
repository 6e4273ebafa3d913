import type { Labels } from './labels';

/** Every visible label in Simplified Chinese; the same keys as English. */
export const zhCN: Labels = {
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
    form: '表单', path: '流程路径', initiator: '申请人', submittedAt: '提交时间', searchForms: '搜索表单', recent: '最近使用', noMatch: '没有匹配的表单', noRequests: '还没有申请', draftRestored: '已恢复此表单的草稿', discardDraft: '丢弃草稿',
    catalogue: '发起申请', mine: '我的申请', submit: '提交', submitted: '已提交 {{serial}}', withdraw: '撤回', resubmit: '重新提交',
    urge: '催办', status: '状态', timeline: '进度', pending: '等待 {{people}} 处理', comments: '评论', comment: '评论', send: '发送',
    noDefinitions: '还没有已发布的表单', back: '返回', required: '必填', chooseFile: '附件标识', uncategorised: '其他',
  },
  status: { running: '进行中', returned: '已退回', completed: '已完成', rejected: '已驳回', withdrawn: '已撤回', pending: '待处理', approved: '已同意', cancelled: '已取消', transferred: '已转交', waiting: '等待中' },
  inbox: {
    pendingTab: '待处理', doneTab: '已处理', copiedTab: '抄送我的', decision: '审批意见', otherMoves: '退回、转交或加签', person: '人员', personHint: '按姓名或部门搜索', pickOne: '从列表中选择一个待办', keyMove: '上下移动',
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
  people: { search: '按姓名或部门搜索', none: '没有匹配的人员' },
  events: {
    submitted: '提交了申请', comment: '发表了评论', decide: '作出了决定', resubmit: '重新提交', return: '退回了申请', transfer: '转交了任务', urge: '催办',
    withdraw: '撤回了申请', 'add-signer': '加签', entered: '进入', completed: '完成', timeout: '超时', escalate: '升级',
  },
};
