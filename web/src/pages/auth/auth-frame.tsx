import { Box, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { LanguageSwitcher } from '../../components/language-switcher';

/** The centered card around login, forgot-password and reset-password. */
export function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Box mih="100vh" bg="gray.0">
      <Group justify="flex-end" p="md">
        <LanguageSwitcher />
      </Group>
      <Center px="md" pb="xl">
        <Stack w="100%" maw={420} gap="md">
          <Text ta="center" fw={800} size="xl" c="blue.7">
            Koppel
          </Text>
          <Paper withBorder shadow="sm" p="xl" radius="md">
            <Title order={1} size="h3" mb="md">
              {title}
            </Title>
            <main>{children}</main>
          </Paper>
        </Stack>
      </Center>
    </Box>
  );
}
