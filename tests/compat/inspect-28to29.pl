#!/usr/bin/perl
# inspect-28to29.pl: reads a raw compat transcript and rewrites each network object of an indented
# `docker network inspect` (Docker 28.5.2, API 1.51) as Docker 29.7.2 prints it (API 1.52), for
# the golden. Two documented differences (../shared/docker29-deltas.md rows 12a, 12c, 7d):
#  - field order: 29's Inspect embeds Network (Name ... ConfigOnly, Options, Labels, Peers) and then
#    adds Containers, Services and Status (moby@docker-v29.7.2:api/types/network/inspect.go:12-26);
#  - Status (sent from API 1.52, daemon/server/router/network/network_routes.go:149): per pool,
#    IPsInUse = addresses held in the subnet, DynamicIPsAvailable = size of the ip-range (or subnet)
#    minus the held addresses in it, saturating uint64 (daemon/libnetwork/ipams/defaultipam/
#    address_space.go:399-418). Held: the subnet's first address (IPv4 also its broadcast; neither
#    on /31 and /32), the gateway, each auxiliary address, each endpoint's address. Drivers host and
#    null, and config-only networks, have no pools: `"Status": {"IPAM": {}}` (network.go:2172-2180),
#    and a config-only network's Config is null (daemon/network.go:827, row 7d).
use strict;
use warnings;
use Math::BigInt;

my @lines = <STDIN>;
chomp @lines;
my $F = qr/^out {9}"(\w+)": /;    # a top-level field of a network object

sub ip_to_int {
  my ($ip) = @_;
  if ($ip =~ /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/) { return Math::BigInt->new((($1 * 256 + $2) * 256 + $3) * 256 + $4); }
  my ($head, $tail) = split /::/, $ip, 2;
  my @h = $head eq '' ? () : split /:/, $head;
  my @t = defined $tail && $tail ne '' ? split(/:/, $tail) : ();
  my @all = (@h, ('0') x (8 - @h - @t), @t);
  my $n = Math::BigInt->new(0);
  $n = $n * 65536 + hex($_) for @all;
  return $n;
}
sub prefix {    # (bits of the family, first address as integer, length)
  my ($p) = @_;
  my ($ip, $len) = split m{/}, $p;
  my $bits = $ip =~ /:/ ? 128 : 32;
  my $size = Math::BigInt->new(2)->bpow($bits - $len);
  my $first = ip_to_int($ip)->bdiv($size)->bmul($size);
  return ($bits, $first, $len, $size);
}
sub inside { my ($n, $first, $size) = @_; return $n >= $first && $n < $first + $size; }

sub status_lines {
  my ($field) = @_;
  my $text = join "\n", map { substr($_, 4) } @{$field->{Containers} // []};
  my @eps = $text =~ /"IPv[46]Address": "([^"\/]+)\//g;
  my $ipam = join "\n", map { substr($_, 4) } @{$field->{IPAM} // []};
  my $driver = join('', @{$field->{Driver}}) =~ /"Driver": "(\w*)"/ ? $1 : '';
  my $config_only = join('', @{$field->{ConfigOnly} // []}) =~ /true/;
  my @pools;
  if ($driver ne 'host' && $driver ne 'null' && !$config_only) {
    while ($ipam =~ /\{([^{}]*"Subnet"[^{}]*(?:\{[^{}]*\}[^{}]*)?)\}/g) {
      my $entry = $1;
      my ($subnet) = $entry =~ /"Subnet": "([^"]+)"/;
      my ($range) = $entry =~ /"IPRange": "([^"]+)"/;
      my ($gw) = $entry =~ /"Gateway": "([^"]+)"/;
      my ($aux) = $entry =~ /"AuxiliaryAddresses": \{([^}]*)\}/;
      my @held;
      my ($bits, $first, $len, $size) = prefix($subnet);
      push @held, $first unless $bits == 32 && $len >= 31;
      push @held, $first + $size - 1 if $bits == 32 && $len < 31;
      push @held, ip_to_int($gw) if $gw;
      push @held, ip_to_int($_) for ($aux // '') =~ /"([^"]+)"\s*(?:,|$)/g;
      for my $ep (@eps) { my $n = ip_to_int($ep); push @held, $n if (($ep =~ /:/ ? 128 : 32) == $bits) && inside($n, $first, $size); }
      my %uniq = map { ($_->bstr => $_) } @held;
      my ($rfirst, $rsize) = ($first, $size);
      if ($range) { (undef, $rfirst, undef, $rsize) = prefix($range); }
      my $in_range = grep { inside($_, $rfirst, $rsize) } values %uniq;
      my $max = Math::BigInt->new(2)->bpow(64)->bsub(1);
      my $avail = $rsize - $in_range;
      $avail = $max if $avail > $max;
      my $masked = $bits == 32 ? join('.', unpack 'C4', pack 'N', $first->numify) : v6_text($first);
      push @pools, ["$masked/$len", scalar(keys %uniq), $avail->bstr];
    }
  }
  my @out = ('out         "Status": {', 'out             "IPAM": {}');
  return @out, 'out         }' unless @pools;
  @out = ('out         "Status": {', 'out             "IPAM": {', 'out                 "Subnets": {');
  my @sorted = sort { $a->[0] cmp $b->[0] } @pools;
  for my $i (0 .. $#sorted) {
    my ($k, $used, $avail) = @{$sorted[$i]};
    push @out, "out                     \"$k\": {", "out                         \"IPsInUse\": $used,",
      "out                         \"DynamicIPsAvailable\": $avail", 'out                     }' . ($i < $#sorted ? ',' : '');
  }
  return @out, 'out                 }', 'out             }', 'out         }';
}

sub v6_text {    # canonical RFC 5952 text of a 128-bit integer
  my ($n) = @_;
  my @h;
  for (1 .. 8) { unshift @h, sprintf('%x', ($n % 65536)->numify); $n = $n / 65536; }
  my ($best, $bestlen) = (-1, 1);
  for (my $i = 0; $i < 8; $i++) {
    next unless $h[$i] eq '0';
    my $j = $i;
    $j++ while $j < 8 && $h[$j] eq '0';
    ($best, $bestlen) = ($i, $j - $i) if $j - $i > $bestlen;
    $i = $j;
  }
  return join(':', @h) if $best < 0;
  return join(':', @h[0 .. $best - 1]) . '::' . join(':', @h[$best + $bestlen .. 7]);
}

# Row 1 of docker29-deltas.md: for a user-configured pool without --gateway, 29 shows the gateway
# IPAM allocated (daemon/network.go:838, :858): the first address of the ip-range (else of the
# subnet) that is not the subnet's own first address (allocator.go:321, AddAnyInRange). Not for
# macvlan/ipvlan, which allocate no gateway in 29 (row 5): their steps carry =29 lines instead.
sub auto_gateway {
  my ($subnet, $range) = @_;
  my ($bits, $first, $len, $size) = prefix($subnet);
  my $cand = $range ? (prefix($range))[1] : $first;
  $cand = $cand + 1 if $cand == $first && !($bits == 32 && $len >= 31);
  return $bits == 32 ? join('.', unpack 'C4', pack 'N', $cand->numify) : v6_text($cand);
}
sub fill_gateways_json {    # one line of compact JSON
  my ($l) = @_;
  $l =~ s/\{"Subnet":"([^"]+)"(?:,"IPRange":"([^"]+)")?(?=[,}])(?![^}]*"Gateway")/
    my $r = defined $2 ? ",\"IPRange\":\"$2\"" : ''; "{\"Subnet\":\"$1\"$r,\"Gateway\":\"" . auto_gateway($1, $2) . '"'/ge;
  return $l;
}

my @out;
for (my $i = 0; $i < @lines; $i++) {
  $lines[$i] = fill_gateways_json($lines[$i]) if $lines[$i] =~ /^out .*\{"Subnet":"/;
  unless ($lines[$i] eq 'out     {' && $i + 1 < @lines && $lines[$i + 1] =~ /^out {9}"Name": /) { push @out, $lines[$i]; next; }
  push @out, $lines[$i++];
  my (%field, @order, $cur);
  while ($i < @lines && $lines[$i] !~ /^out     \}/) {
    if ($lines[$i] =~ $F) { $cur = $1; push @order, $cur; }
    push @{$field{$cur}}, $lines[$i];
    $i++;
  }
  if (join('', @{$field{ConfigOnly} // []}) =~ /true/ && $field{IPAM}) {
    my $ipam = join "\n", @{$field{IPAM}};
    $ipam =~ s/"Config": \[.*?\n(out {13}\])/"Config": null/s;
    $field{IPAM} = [split /\n/, $ipam];
  }
  my $driver = join('', @{$field{Driver} // []}) =~ /"Driver": "(\w*)"/ ? $1 : '';
  if ($field{IPAM} && $driver ne 'macvlan' && $driver ne 'ipvlan') {
    my @ipam;
    my @f = @{$field{IPAM}};
    for (my $k = 0; $k < @f; $k++) {
      push @ipam, $f[$k];
      next unless $f[$k] =~ /^(out {21})"Subnet": "([^"]+)"/;
      my ($ind, $subnet) = ($1, $2);
      my ($range, $has_gw, $last) = (undef, 0, $k);
      for (my $j = $k + 1; $j < @f && $f[$j] =~ /^out {21}"/; $j++) {
        $range = $1 if $f[$j] =~ /"IPRange": "([^"]+)"/;
        $has_gw = 1 if $f[$j] =~ /"Gateway": /;
        $last = $j if $f[$j] =~ /"(IPRange)": /;
      }
      next if $has_gw;
      push @ipam, @f[$k + 1 .. $last] if $last > $k;
      $ipam[-1] .= ',' unless $ipam[-1] =~ /,$/;
      my $more = $last + 1 < @f && $f[$last + 1] =~ /^out {21}"/;
      push @ipam, "$ind\"Gateway\": \"" . auto_gateway($subnet, $range) . '"' . ($more ? ',' : '');
      $k = $last;
    }
    $field{IPAM} = \@ipam;
  }
  my @new = ((grep { $_ ne 'Containers' && $_ ne 'Status' } @order), 'Containers');
  $field{Containers} //= ['out         "Containers": {}'];
  for my $k (0 .. $#new) {
    my @f = @{$field{$new[$k]}};
    $f[-1] =~ s/,$//;
    push @out, @f[0 .. $#f - 1], $f[-1] . ',';
  }
  push @out, status_lines(\%field);
  push @out, $lines[$i] if $i < @lines;
}
print "$_\n" for @out;
