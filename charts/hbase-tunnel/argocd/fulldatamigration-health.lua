-- Argo CD health of a FullDataMigration (hbasetunnel.io/v1alpha1), read from the status the
-- operator writes (state, message, progress, conditions Ready/Progressing/Degraded/Paused).
-- Install: argocd-cm resource.customizations.health.hbasetunnel.io_FullDataMigration
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

local status = obj.status
local paused = obj.spec ~= nil and obj.spec.paused == true
if status == nil or status.state == nil then
  if paused then
    return {status = "Suspended", message = "paused before the operator started it"}
  end
  return {status = "Progressing", message = "waiting for the operator"}
end

-- a spec change (abort, retry, new tables) the operator has not acted on yet
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

if status.state == "SUCCEEDED" then
  hs.status = "Healthy"
  hs.message = nonEmpty(status.message) and status.message or "copied"
  return hs
end

if paused or status.state == "KILLED" then
  hs.status = "Suspended"
  hs.message = nonEmpty(status.message) and status.message or "paused (abort); retry resumes"
  return hs
end

hs.status = "Progressing"
if status.state == "RUNNING" then
  hs.message = "copying" .. (nonEmpty(status.progress) and (" " .. status.progress .. " units") or "")
else
  hs.message = nonEmpty(status.message) and status.message or status.state
end
return hs
