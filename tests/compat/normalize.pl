#!/usr/bin/perl
# Turns a raw compat transcript (tests/compat/compat.sh) into golden text. It masks only what
# differs on every run of the same engine: ids, times, MACs, random veth names, the random ULA
# prefix of automatic IPv6 subnets and host ports picked from a range (32768-60999, see below).
# Nothing else is touched, so any other difference shows.
#   - container ids (announced by "@run NAME -> ID" lines) become <C1>, <C2> ... in run order, and
#     the entries of an inspect "Containers" object are put in that order (Go sorts map keys, so
#     with random ids their order is random on both engines);
#   - other 64-hex ids and their 12-hex prefixes become <ID1>, <ID2> ... in order of appearance;
#   - sorted blocks (links, addresses) are sorted again after masking.
use strict;
use warnings;

my @lines = <STDIN>;
chomp @lines;

my (%cid, $ncid);
for (@lines) {
  if (/^\@run (\S+) .*-> ([0-9a-f]{64})$/) { $cid{$2} = ++$ncid; }
}
for my $l (@lines) {
  for my $id (keys %cid) {
    my $short = substr($id, 0, 12);
    $l =~ s/\b$id\b/<C$cid{$id}>/g;
    $l =~ s/\b$short\b/<c$cid{$id}>/g;
  }
}

# Orders the entries of each pretty-printed "Containers": { ... } object by container number.
sub sort_containers {
  my @in = @_;
  my @out;
  for (my $i = 0; $i < @in; $i++) {
    push @out, $in[$i];
    next unless $in[$i] =~ /^(\S+ )?(\s*)"Containers": \{$/;
    my ($label, $ind) = ($1 // '', $2);
    my (@entries, $cur);
    $i++;
    while ($i < @in && $in[$i] !~ /^\Q$label$ind\E\}/) {
      if ($in[$i] =~ /^\Q$label$ind\E    "<C(\d+)>": \{$/) { $cur = [$1]; push @entries, $cur; }
      push @$cur, $in[$i] if $cur;
      push @out, $in[$i] unless $cur;
      $i++;
    }
    @entries = sort { $a->[0] <=> $b->[0] } @entries;
    for my $k (0 .. $#entries) {
      my @e = @{$entries[$k]}[1 .. $#{$entries[$k]}];
      $e[-1] =~ s/,$//;
      $e[-1] .= ',' if $k < $#entries;
      push @out, @e;
    }
    push @out, $in[$i] if $i < @in;
  }
  return @out;
}
@lines = sort_containers(@lines);

my (%id, $nid, %eport, $neport);
sub eport {
  my ($p) = @_;
  return $p if $p < 32768 || $p > 60999;
  $eport{$p} //= ++$neport;
  return "<hport$eport{$p}>";
}
sub id_of { my ($h) = @_; $id{$h} //= ++$nid; return $id{$h}; }
for my $l (@lines) {
  if ($l =~ /^\@rm /) { %eport = (); $neport = 0; }
  $l =~ s/^o29 /out /;
  $l =~ s/^e29 /err /;
  $l =~ s/\b([0-9a-f]{64})\b/my $n = id_of(substr($1, 0, 12)); "<ID$n>"/ge;
  $l =~ s/\b([0-9a-f]{12})\b/my $n = id_of($1); "<id$n>"/ge;
  # RFC 3339 (JSON) and Go's time.String (templates, ls --format CreatedAt).
  $l =~ s/\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)/<time>/g;
  $l =~ s/\b\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? [+-]\d{4} [A-Z]+( m=[+-][0-9.]+)?/<time>/g;
  $l =~ s/\b([0-9a-f]{2}:){5}[0-9a-f]{2}\b/<mac>/gi;
  $l =~ s/\bveth[0-9a-f]{7}\b/veth<x>/g;
  $l =~ s/\bfd[0-9a-f]{2}:[0-9a-f]{1,4}:[0-9a-f]{1,4}(?=:)/<ula>/g;
  # Host ports picked from a range: Docker's allocator goes round-robin over the daemon's life
  # (portallocator: from the last port it gave), docknet takes the lowest free. Ports of the
  # ephemeral range (32768-60999, ip_local_port_range's default) become <hport1>, <hport2> ... in
  # order of appearance since the last container went (so a v4/v6 pair still shows one port,
  # and docknet reusing a port freed by `@rm` reads as Docker's next one) where one is printed:
  # `docker port` (HOST:PORT at the end of a line) and the DNAT and raw rules' --dport (the
  # filter and MASQUERADE rules' --dport is the container port: scenarios keep those below 32768).
  if ($l =~ /^(out|o29) /) {
    $l =~ s/(?<=:)(\d{5})$/eport($1)/e;
  } elsif ($l =~ /^ip6?t -A (DOCKER|PREROUTING) .*(-j DNAT|-j DROP)/) {
    $l =~ s/(?<=--dport )(\d{5})\b/eport($1)/e;
  }
}

# Re-sort runs of "link ..." and "addr ..." lines (sorted before masking).
my @out;
my @run;
my $kind = '';
for my $l (@lines, '') {
  my ($k) = $l =~ /^(link|addr) /;
  $k //= '';
  if ($k ne $kind) { push @out, sort @run; @run = (); $kind = $k; }
  if ($k) { push @run, $l; } else { push @out, $l; }
}
pop @out;
print "$_\n" for @out;
