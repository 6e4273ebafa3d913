import i18n from '../shell/i18n';

/** The dashboards' labels, English and Simplified Chinese, merged into the app's translations. */
const labels = {
  en: {
    dash: {
      title: 'Dashboards', from: 'From', to: 'To', department: 'Department', allDepartments: 'All departments', interval: 'Interval',
      day: 'Day', week: 'Week', days: 'No reply for (days)', exportCsv: 'Export CSV', empty: 'No data for these filters', total: '{{count}} in all',
      requests: 'Requests over time', cycleByDefinition: 'Cycle time per definition', cycleByNode: 'Cycle time per node',
      bottlenecks: 'Bottlenecks: slowest nodes and people', overdue: 'Overdue tasks', responseTimes: 'Approver response time',
      routing: 'Routing volume per queue', firstResponse: 'First response against target (SOP cadences)',
      routingResponse: 'First response against target per routing queue and team', sopSteps: 'SOP steps done on time', campaignFunnel: 'Campaign funnel per variant', churn: 'Churn warning: customers with no reply',
      error: 'Could not load: {{message}}',
      col: {
        period: 'Period', definitionId: 'Definition', submitted: 'Submitted', completed: 'Completed', rejected: 'Rejected', withdrawn: 'Withdrawn', failed: 'Failed',
        count: 'Count', meanMs: 'Mean', medianMs: 'Median', p90Ms: 'P90', node: 'Node', approver: 'Approver', decisions: 'Decisions', kind: 'Kind', id: 'Id',
        taskId: 'Task', instanceId: 'Request', assignee: 'Assignee', openedAt: 'Opened', dueAt: 'Due', overdueMs: 'Overdue by', ageMs: 'Age', reason: 'Reason',
        routed: 'Routed', open: 'Open', closed: 'Closed', campaignId: 'Campaign', variant: 'Variant', claimed: 'Recipients', capped: 'Capped', sent: 'Sent',
        replied: 'Replied', clicked: 'Clicked', customerId: 'Customer', name: 'Name', owner: 'Owner', lastContactAt: 'Last reply', daysSinceContact: 'Days without reply',
        responses: 'Responses', met: 'Met target', missed: 'Missed target', noTarget: 'No target',
        team: 'Team', step: 'Step', action: 'Action', taken: 'Taken', onTime: 'On time', late: 'Late', meanDelayMs: 'Mean delay', p90DelayMs: 'P90 delay',
      },
    },
  },
  'zh-CN': {
    dash: {
      title: '数据看板', from: '开始日期', to: '结束日期', department: '部门', allDepartments: '全部部门', interval: '统计周期',
      day: '按天', week: '按周', days: '未回复天数', exportCsv: '导出 CSV', empty: '当前筛选条件下没有数据', total: '共 {{count}} 条',
      requests: '申请趋势', cycleByDefinition: '各流程审批周期', cycleByNode: '各节点审批周期',
      bottlenecks: '瓶颈：最慢的节点和人员', overdue: '超时待办', responseTimes: '审批人响应时间',
      routing: '各队列分配量', firstResponse: '首次响应达标情况（SOP 跟进）',
      routingResponse: '各分配队列与团队的首次响应达标情况', sopSteps: 'SOP 步骤按时完成情况', campaignFunnel: '营销活动各版本漏斗', churn: '流失预警：长期未回复的客户',
      error: '加载失败：{{message}}',
      col: {
        period: '周期', definitionId: '流程', submitted: '提交', completed: '完成', rejected: '驳回', withdrawn: '撤回', failed: '失败',
        count: '数量', meanMs: '平均', medianMs: '中位数', p90Ms: 'P90', node: '节点', approver: '审批人', decisions: '处理数', kind: '类别', id: '编号',
        taskId: '待办', instanceId: '申请', assignee: '处理人', openedAt: '开始时间', dueAt: '截止时间', overdueMs: '超时', ageMs: '已等待', reason: '原因',
        routed: '分配', open: '处理中', closed: '已关闭', campaignId: '活动', variant: '版本', claimed: '目标客户', capped: '频次限制', sent: '已发送',
        replied: '已回复', clicked: '已点击', customerId: '客户', name: '名称', owner: '负责人', lastContactAt: '最后回复', daysSinceContact: '未回复天数',
        responses: '响应数', met: '达标', missed: '未达标', noTarget: '无目标',
        team: '团队', step: '步骤', action: '动作', taken: '已执行', onTime: '按时', late: '延迟', meanDelayMs: '平均延迟', p90DelayMs: 'P90 延迟',
      },
    },
  },
};

for (const [language, bundle] of Object.entries(labels)) i18n.addResourceBundle(language, 'translation', bundle, true, false);
