-- Shared by counting.lua (writes) and count-since.lua (resync reads): what one counting record contributes to
-- the totals of its unit, commune, province and the nation, in COUNT_FIELDS order.
-- COUNT_FIELDS order (shared/src/schemas/counting.ts).
local FIELDS = { 'areas', 'counting', 'submitted', 'confirmed', 'returned', 'flagged', 'voters', 'voted', 'issued',
  'received', 'valid', 'invalid', 'cvoters', 'cvoted', 'cissued', 'creceived', 'cvalid', 'cinvalid', 'lastAt', 'seq' }
local STATE_AT = { counting = 2, submitted = 3, confirmed = 4, returned = 5 }

local function split(s, sep)
  local out = {}
  if s == '' then return out end
  for part in string.gmatch(s, '[^' .. sep .. ']+') do out[#out + 1] = part end
  return out
end

-- One record's contribution in FIELDS order (without lastAt and seq) and its candidate votes.
local function contribution(state, numStr, flagStr)
  local v = {}
  for i = 1, 18 do v[i] = 0 end
  v[1] = 1
  if STATE_AT[state] then v[STATE_AT[state]] = 1 end
  if flagStr ~= '' and (state == 'submitted' or state == 'confirmed') then v[6] = 1 end
  local n = split(numStr, ',')
  if state == 'submitted' or state == 'confirmed' then
    for i = 1, 6 do v[6 + i] = tonumber(n[i]) end
  end
  if state == 'confirmed' then
    for i = 1, 6 do v[12 + i] = tonumber(n[i]) end
  end
  return v
end
