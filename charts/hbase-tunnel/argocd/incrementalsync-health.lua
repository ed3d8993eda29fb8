-- Argo CD health of an IncrementalSync (hbasetunnel.io/v1alpha1): Healthy while RUNNING with a
-- small lag (status.lagMs: now - newest applied write, at the workers' last report), Progressing
-- while the schema step runs, the workers start or the sync catches up.
-- The lag bound is 300 s, or the annotation hbasetunnel.io/healthy-lag-seconds.
-- Install: argocd-cm resource.customizations.health.hbasetunnel.io_IncrementalSync
local hs = {}

local function condition(status, kind)
  if status.conditions == nil then
    return nil
  end
  for _, c in ipairs(status.conditions) do
    if c.type == kind then
      return c
    end
  end
  return nil
end

local function nonEmpty(text)
  return text ~= nil and text ~= ""
end

local function maxLagMs()
  local annotations = obj.metadata.annotations
  if annotations ~= nil and annotations["hbasetunnel.io/healthy-lag-seconds"] ~= nil then
    local seconds = tonumber(annotations["hbasetunnel.io/healthy-lag-seconds"])
    if seconds ~= nil then
      return seconds * 1000
    end
  end
  return 300000
end

local status = obj.status
local paused = obj.spec ~= nil and obj.spec.paused == true
if status == nil or status.state == nil then
  if paused then
    return {status = "Suspended", message = "paused before the operator started it"}
  end
  return {status = "Progressing", message = "waiting for the operator"}
end

if obj.metadata.generation ~= nil and status.observedGeneration ~= nil
    and status.observedGeneration < obj.metadata.generation then
  return {status = "Progressing", message = "the operator has not seen the latest spec yet"}
end

-- FAILED: status.message says what failed; Degraded=True in another state (a pod that cannot
-- start, a failed verification): the condition's message does
local degraded = condition(status, "Degraded")
local degradedTrue = degraded ~= nil and degraded.status == "True"
if status.state == "FAILED" or degradedTrue then
  hs.status = "Degraded"
  if status.state == "FAILED" and nonEmpty(status.message) then
    hs.message = status.message
  elseif degradedTrue and nonEmpty(degraded.message) then
    hs.message = degraded.message
  else
    hs.message = nonEmpty(status.message) and status.message or "FAILED"
  end
  return hs
end

if paused or status.state == "KILLED" then
  hs.status = "Suspended"
  hs.message = "paused (abort): workers scaled to zero, the WAL pin stays; retry resumes from the checkpoint"
  return hs
end

if status.state == "SUCCEEDED" then
  return {status = "Healthy", message = nonEmpty(status.message) and status.message or "done"}
end

if status.state == "RUNNING" then
  if status.lagMs == nil then
    return {status = "Progressing", message = "workers running, no checkpoint reported yet"}
  end
  local lagSeconds = math.floor(status.lagMs / 1000)
  if status.lagMs <= maxLagMs() then
    hs.status = "Healthy"
    hs.message = "in sync, lag " .. lagSeconds .. " s"
  else
    hs.status = "Progressing"
    hs.message = "catching up, lag " .. lagSeconds .. " s"
  end
  return hs
end

hs.status = "Progressing"
hs.message = nonEmpty(status.message) and status.message or status.state
return hs
