/** 中文（默认）. The English file has the same keys. */
export default {
  app: { title: '统计工作台', subtitle: '数据及时 · 准确 · 数出一家', language: 'English', signOut: '退出', loading: '加载中…', noData: '暂无数据' },
  roles: { reporter: '填报员', approver: '审核员', auditor: '质量审核员', bureau: '统计局', admin: '管理员' },
  menu: { reports: '报表填报', approvals: '报表审核', quality: '数据质量', history: '报表历史', audits: '抽查核查', statistics: '统计数据', assessments: '考评通报', findings: '问题跟踪' },
  signIn: {
    title: '登录统计工作台',
    token: '访问令牌',
    tokenHelp: '粘贴管理员发给您的令牌。令牌只用于登录，不保存在浏览器中。',
    submit: '登录',
    failed: '登录失败：{message}',
  },
  common: {
    form: '报表', period: '报告期', unit: '单位', units: '单位', status: '状态', actions: '操作', reason: '原因', comment: '意见',
    code: '代码', name: '名称', value: '数值', search: '查询', cancel: '取消', confirm: '确定', save: '提交', refresh: '刷新',
    download: '下载', details: '详情', severity: '级别', count: '数量', revision: '版本', deadline: '截止时间', total: '合计',
    indicator: '指标', findings: '问题', openFindings: '未解决问题', yes: '是', no: '否', back: '返回', error: '错误',
  },
  status: {
    due: '待填报', overdue: '已逾期', submitted: '已上报', returned: '已退回', approved: '已审核', reopened: '已重开',
    provisional: '初步', final: '最终', revised: '已修订',
  },
  severity: { error: '错误', warning: '警告', info: '提示' },
  periodTypes: { month: '月度', quarter: '季度', year: '年度' },
  reports: {
    title: '本单位报表', fill: '填报', correct: '更正', history: '历史', upload: '上传CSV', uploadHelp: '长表或宽表格式，每行一个单位一个报告期（见README）。',
    uploaded: '已导入 {appended} 份，{already} 份此前已导入，{rejected} 份被拒绝', rowErrors: '逐行错误', line: '行', report: '报表',
    returnedWith: '退回意见：{comment}', summary: '共 {total} 个单位：已上报 {submitted}，已审核 {approved}，退回 {returned}，待填报 {due}，逾期 {overdue}',
  },
  entry: {
    newTitle: '填报 {form}', correctTitle: '更正 {form}', unitPeriod: '{unit} · {period}', reason: '更正原因', reasonHelp: '说明为何更正，例如：过磅单更正',
    required: '请填写', notNumber: '请输入数字，例如 186.4', notInteger: '请输入整数', negative: '不能为负数', beyondLimit: '超过上限 {limit}，请检查单位和位数',
    implausible: '超出本级单位常见范围（{range}），提交后将被标记待核实', rule: '规则：{description}', saved: '已提交，版本 {revision}', unchanged: '没有改动任何数值',
    computed: '由系统计算', returnedComment: '审核员退回意见', serverRefused: '服务器拒绝：{message}',
  },
  approvals: {
    title: '待审核报表', approve: '审核通过', approveSelected: '批量通过（{count}）', return: '退回', returnTitle: '退回 {unit} 的报表', commentHelp: '告诉填报员需要核实或更正什么',
    changes: '自{baseline}以来的变化', baselineApproved: '上次审核通过', baselineSubmitted: '首次上报', noChanges: '与{baseline}相比没有变化',
    before: '原值', now: '现值', changed: '变化项', approved: '已审核通过', returned: '已退回', waiting: '{count} 份待审核', corrections: '更正 {count} 次',
  },
  quality: {
    title: '数据质量', completeness: '完整性', timeliness: '及时性', received: '已报', expected: '应报', onTime: '按时',
    byChild: '下级单位完整性与及时性', findingsByCode: '未解决问题（按代码和级别）', flagged: '有错误级问题的报表', digits: '{district} 首位数字分布（{window}）',
    observed: '实际', benford: '本福特定律', heaping: '末位为0或5的比例：{share}（预期20%，{n}个数值）', notEnough: '数值不足50个，检验不作判断',
    conformity: '符合程度：{conformity}，MAD {mad}', evidence: '证据', formula: '公式', digitScreens: '区级造假筛查',
    conformities: { close_conformity: '高度符合', acceptable_conformity: '基本符合', marginal_conformity: '勉强符合', nonconformity: '不符合' },
  },
  history: {
    title: '报表历史', reportId: '报表编号', placeholder: '例如 report-sanitation-110101001001-2025-03', load: '查看', who: '操作人', channel: '渠道', when: '时间',
    position: '日志位置', integrity: '完整性',
    verified: '完整性：哈希链已校验，共 {checked} 条事件，至日志位置 {position}', broken: '完整性：哈希链在日志位置 {position} 断裂，请运行 statledger verify 并从备份恢复', asOf: '截至某日的统计数据', asOfDay: '截至', source: { report: '报表', quality: '质量', followup: '跟踪', audit: '抽查' },
  },
  audits: {
    title: '抽查核查', plan: '制定抽查方案', method: '方法', design: '设计', size: '样本量', seed: '随机种子', covert: '暗查', overt: '明查',
    subtree: '抽查范围', create: '生成样本', calculation: '样本量计算', sample: '样本', register: '核查登记', recount: '录入复核',
    recounted: '复核值', inspector: '核查人', inspectedAt: '核查时间', evidence: '证据文件', evidenceHelp: '文件只在浏览器中计算SHA-256，不上传', note: '备注',
    vf: '核实系数（VF）', share: '超出容差比例', close: '关闭方案', summary: '总结', plans: '方案列表', created: '已生成方案 {id}', recorded: '已录入复核',
    methods: { srs: '简单随机抽样', stratified: '分层抽样', pps: '按规模成比例抽样', lqas: '批质量保证抽样' },
  },
  statistics: {
    title: '统计数据', figures: '各级汇总', trend: '{indicator} 走势', comparison: '下级单位对比：{indicator}', completeness: '完整性',
    downloadCsv: '下载CSV', downloadSdmx: '下载SDMX-CSV', bulletin: '统计公报（HTML）', received: '{received}/{expected} 份', asOf: '日志位置 {position}',
  },
  assessments: {
    title: '考评与通报', scheme: '考评办法', notice: '通报（A4）', rank: '名次', total: '总分', grade: '等级', interval: '名次区间', remark: '备注',
    points: '得分', basis: '依据', vetoed: '一票否决', capped: '封顶{max}分', notRanked: '报表{reports}份，不参与排名', tied: '与{n}个单位名次无统计学差异',
  },
  findings: {
    title: '数据质量问题跟踪', mine: '我的待办', queue: '问题队列', code: '问题代码', active: '未办结', overdueOnly: '只看逾期', impact: '影响',
    due: '办理期限', owner: '承办', more: '加载更多', trend: '问题趋势', shown: '显示 {shown} / 共 {total} 条', explanation: '情况说明',
    explanationHelp: '说明数值为何属实，例如：本月新建消纳场开始运行', explain: '提交说明', accept: '认可说明', reject: '不认可（退回报表）',
    escalate: '上报上级', reopen: '重新打开', assign: '指派', assignee: '指派给（用户ID）', structural: '结构性差异：以后各期相近数值不再提示',
    states: { open: '待说明', explained: '待审核', accepted: '已认可', resolved: '已解决', superseded: '已重算', all: '全部' },
    counts: { raised: '发现', explained: '已说明', accepted: '已认可', resolved: '已解决', open: '未办结' },
    steps: {
      QualityFindingRaised: '发现问题', QualityFindingResolved: '问题消除', FindingExplained: '提交说明', FindingExplanationAccepted: '认可说明',
      FindingExplanationRejected: '不认可说明', FindingAssigned: '指派', FindingEscalated: '上报上级', FindingReopened: '重新打开', ReportCorrected: '更正报表',
    },
  },
  measure: { m2_4: '万平方米', t: '吨', count: '个', persons: '人', CNY_4: '万元', '%': '%', 'per 10k persons': '件/万人' },
};
