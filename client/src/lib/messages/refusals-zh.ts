import type { REFUSALS } from '../../../../shared/refusal.ts';

/**
 * Why the server refused a request, in Chinese: one message per key of shared/refusal.ts, worded from the named
 * values it sends (a subset of them may be used). Values that name a status, role, reason or action arrive here
 * already in the screen's words (refusal-text.ts); a word that depends on another value is a `select`.
 */
export const refusalsZh: Record<keyof typeof REFUSALS, string> = {
  invalid_field: '字段 {path} 不符合要求',
  invalid_payload: '请求内容不完整或格式有误',
  invalid_request: '请求格式有误',
  not_found:
    '未找到{kind, select, incident {事件} unit {力量} account {账户} integration {接入系统} device {终端} photo {照片} other {对象}} {id}',
  route_not_found: '没有这个地址',
  internal: '服务器内部错误，本次操作未生效',
  nothing_to_do: '没有需要处理的内容',
  session_ended: '会话已结束，请重新登录',
  sign_in_first: '请先登录',
  api_key_invalid: 'API 密钥无效',
  too_many_requests: '请求过于频繁，请稍后再试',
  login_failed: '用户名或密码错误',
  login_throttled: '登录尝试次数过多，请 {seconds} 秒后再试',
  kiosk_link_invalid: '此大屏链接无效',
  role_may_not: '{role}无权{action}',
  role_may_not_event: '{role}无权执行此操作',
  role_may_not_route: '{role}无权使用此功能',
  not_your_unit: '您只能为本人所在力量（{own}）操作',
  outside_district: '位置 {lng},{lat} 不在本区范围内',
  outside_jurisdiction: '该位置位于{grid}，不在您的辖区内',
  reason_required: '{action}须填写原因',
  cannot_transition: '事件当前为“{status}”，不能{action}',
  incident_status: '事件 {id} 当前为“{status}”',
  no_escalation: '事件 {id} 没有待确认的升级',
  merge_self: '事件不能合并到自身',
  no_contact: '事件 {id} 没有报告人联系方式',
  contact_masked: '{role}只能查看脱敏后的报告人联系方式',
  unit_unavailable: '{unit} 当前为“{unitStatus}”',
  unit_busy: '{unit} 当前为“{unitStatus}”，正在处置事件 {id}',
  unit_not_on_incident: '{unit} 未参与事件 {id}',
  unit_step: '{unit} 不能从“{unitStatus}”变为“{nextStatus}”',
  nothing_to_attach:
    '{unit} 当前没有处置中的事件，无法附加{field, select, note {说明} other {照片}}',
  answer_offer_first: '{unit} 请先答复事件 {id} 的派单',
  no_open_offer: '{unit} 没有事件 {id} 的待答复派单',
  photo_unknown: '照片不存在，或不是您上传的',
  photo_attached: '照片已附在事件 {incident} 上',
  pressed_at_range: '操作时间超出允许范围（晚于现在，或早于一天前）',
  position_rejected: '位置未被采用：{reason}',
  username_reserved: '用户名 {username} 为系统保留',
  username_taken: '用户名 {username} 已被占用',
  field_needs_unit: '一线账户必须绑定力量',
  role_without_unit: '{role}账户不绑定力量',
  leader_needs_town: '街镇负责人至少负责一个街镇',
  self_demote: '管理员不能停用或降级自己的账户',
  unknown_towns: '没有这些街镇：{towns}',
  unknown_unit: '没有这个力量：{unit}',
  integration_exists: '接入系统 {name} 已存在',
  device_registered: '终端 {id} 已登记给力量 {unit}',
  track_window: '轨迹的时间范围无效',
  track_window_long: '轨迹一次最多查询 {days} 天',
  photo_type: '照片须为 JPEG、PNG 或 WebP 图片',
  photo_not_image: '上传的文件不是有效的图片',
  idempotency_key: 'Idempotency-Key 须为 8–64 位字母、数字、_ 或 -'
};
